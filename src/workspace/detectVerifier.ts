// `verifier: auto`: the test command a repository declares or implies. The project's own
// entry points come first (a package.json `test` script, a Makefile `test` target), then what
// an ecosystem's marker file means (Cargo.toml, go.mod), then pytest, which is inferred from
// config files or test file names. Reads a few files at the root; runs nothing.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface DetectedVerifier {
  command: string;
  /** Why this command, in words the CLI prints ("package.json has a test script"). */
  reason: string;
}

/** What `verifier: auto` looks for, for the message when it finds nothing. */
export const DETECTED_KINDS = 'a package.json test script, a Makefile test target, Cargo.toml, go.mod, or pytest (pytest.ini, pyproject [tool.pytest], setup.cfg, tox.ini, conftest.py, test_*.py)';

/** npm's placeholder from `npm init`: a script that only fails. */
const NPM_PLACEHOLDER = /no test specified/;

export async function detectVerifier(root: string): Promise<DetectedVerifier | undefined> {
  const read = (f: string) => readFile(path.join(root, f), 'utf8').catch(() => undefined);
  const has = (f: string) => existsSync(path.join(root, f));

  const pkg = await read('package.json');
  if (pkg !== undefined) {
    const test = npmTestScript(pkg);
    if (test !== undefined) {
      const runner = has('pnpm-lock.yaml') ? 'pnpm test' : has('yarn.lock') ? 'yarn test' : has('bun.lockb') || has('bun.lock') ? 'bun run test' : 'npm test --silent';
      return { command: runner, reason: `package.json has a test script (${test})` };
    }
  }
  for (const name of ['Makefile', 'makefile', 'GNUmakefile']) {
    const mk = await read(name);
    if (mk !== undefined && /^test\s*:(?!=)/m.test(mk)) return { command: 'make test', reason: `${name} has a test target` };
  }
  if (has('Cargo.toml')) return { command: 'cargo test', reason: 'Cargo.toml (a Rust crate)' };
  if (has('go.mod')) return { command: 'go test ./...', reason: 'go.mod (a Go module)' };
  const why = await pytestReason(root, read);
  if (why) return { command: `${pythonFor(root)} -m pytest -q`, reason: why };
  return undefined;
}

/** The `test` script of a package.json text, unless missing, unparsable or npm's placeholder. */
function npmTestScript(text: string): string | undefined {
  try {
    const test = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts?.test;
    return typeof test === 'string' && test.trim() !== '' && !NPM_PLACEHOLDER.test(test) ? test : undefined;
  } catch {
    return undefined;
  }
}

async function pytestReason(root: string, read: (f: string) => Promise<string | undefined>): Promise<string | undefined> {
  if (existsSync(path.join(root, 'pytest.ini'))) return 'pytest.ini';
  if (/^\[tool\.pytest/m.test((await read('pyproject.toml')) ?? '')) return 'pyproject.toml has [tool.pytest]';
  if (/^\[tool:pytest\]/m.test((await read('setup.cfg')) ?? '')) return 'setup.cfg has [tool:pytest]';
  if (/^\[pytest\]/m.test((await read('tox.ini')) ?? '')) return 'tox.ini has [pytest]';
  if (existsSync(path.join(root, 'conftest.py'))) return 'conftest.py';
  const test = await findPythonTest(root, '', 2);
  return test ? `Python tests (${test})` : undefined;
}

/** A test_*.py or *_test.py at most `depth` folders down (tests/, src/pkg/tests/ …), skipping environments. */
async function findPythonTest(root: string, rel: string, depth: number): Promise<string | undefined> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.isFile() && /^test_.*\.py$|_test\.py$/.test(e.name)) return rel ? `${rel}/${e.name}` : e.name;
  }
  if (depth === 0) return undefined;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.') || ['node_modules', 'venv', 'env', '__pycache__', 'site-packages', 'build', 'dist'].includes(e.name)) continue;
    const found = await findPythonTest(root, rel ? `${rel}/${e.name}` : e.name, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** The repository's own virtualenv if it has one (its pytest and packages), else python3 or python from PATH. */
function pythonFor(root: string): string {
  for (const venv of ['.venv', 'venv']) {
    const bin = process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
    if (existsSync(path.join(root, bin))) return bin;
  }
  return onPath('python3') ? 'python3' : 'python';
}

function onPath(cmd: string): boolean {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && exts.some((e) => existsSync(path.join(dir, cmd + e))));
}
