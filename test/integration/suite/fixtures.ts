// Files and scripted model replies the code-domain tests use. The scripted client replays
// replies per agent role in order (src/llm/scripted.ts); RunOverrides.scriptPath points at it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const GREET_BEFORE = "function greet(name) {\n  return 'Hi ' + name;\n}\nmodule.exports = { greet };\n";

export function greetCandidate(greeting: string): { text: string; after: string } {
  const after = `function greet(name) {\n  return '${greeting}, ' + name + '!';\n}\nmodule.exports = { greet };\n`;
  return { text: `<file path="src/greet.js">\n${after}</file>`, after };
}

/** A repository the `code` domain can edit and verify (its verifier is `npm test --silent`). */
export function writeGreetRepo(root: string, name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'greet.js'), GREET_BEFORE);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, scripts: { test: 'node -e "require(\'./src/greet.js\')"' } }, null, 2));
  return dir;
}

export function writeScript(replies: Record<string, unknown[]>): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mf-script-')), 'script.json');
  fs.writeFileSync(file, JSON.stringify(replies, null, 2));
  return file;
}

