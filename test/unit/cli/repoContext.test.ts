// A `code` run through the real CLI on a real git repository: the shipped config (verifier:
// auto, the bundled templates), scripted models, and the prompts as --inspect prints them. The
// decomposer and the solver must see the repository map and the baseline's failing output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeJsFixtureRepo, writeFiles, gitIn, type JsFixtureRepo } from '../../support/fixtures';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const TASK = 'The add test fails; find the cause in the code and fix it';
const block = (content: string) => `Here is the fix.\n<file path="src/math.js">\n${content}</file>`;

describe('cli: a code run gives its prompts the repository map and the baseline failure', function () {
  this.timeout(120_000);
  let home: TmpDir;
  let repo: JsFixtureRepo;

  before(() => ensureCliBuilt());
  beforeEach(() => {
    home = makeTmpDir('mf-context-');
    repo = makeJsFixtureRepo();
    // More files than the task names, so ranking shows: a helper the buggy file does not use, a lockfile and an image.
    writeFiles(repo.path, { 'src/strings.js': 'function shout(s) {\n  return s.toUpperCase();\n}\nmodule.exports = { shout };\n', 'package-lock.json': '{}\n', 'logo.png': 'PNG' });
    gitIn(repo.path, ['add', '-A']);
    gitIn(repo.path, ['commit', '--quiet', '-m', 'more files']);
  });
  afterEach(() => {
    repo.cleanup();
    home.cleanup();
  });

  function args(extra: string[] = []): string[] {
    const script = home.write('script.yaml', stringify({
      decomposition: [{ text: 'ATOMIC', repeat: true }],
      // Only a solver prompt that carries the map and the failing test output gets the fix.
      solver: [
        // The failure comes first (the part every step shares, for prompt caching), then the step's map and files.
        { when: 'Before any change, the verifier `npm test --silent` fails with:[\\s\\S]*not ok[\\s\\S]*Repository map[\\s\\S]*src/math\\.js\\n  function add\\(a, b\\)[\\s\\S]*<file path="test/math\\.test\\.js">[\\s\\S]*<file path="src/math\\.js">', text: block(repo.fixedContent), repeat: true },
        { text: block(repo.wrongContent), repeat: true },
      ],
      solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
    }));
    return ['run', '--domain', 'code', '--prompt', TASK, '--repo-path', repo.path, '--llm-provider', 'scripted', '--script', script, ...extra];
  }

  it('the solver prompt holds the ranked map and the failure; the fix it leads to passes', async () => {
    const r = await runCli(args(['--inspect', 'messages']), { home: home.path });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const solver = r.stdout.split(/^=== /m).find((m) => /^#\d+ solver .* user ===/.test(m));
    assert.ok(solver, r.stdout);
    // The report quotes one real prompt: print it when asked.
    if (process.env.MF_SHOW_PROMPT) process.stderr.write(`=== ${solver}`);
    const map = /Repository map[^\n]*\n([\s\S]*?)\n\n/.exec(solver)![1];
    const files = map.split('\n').filter((l) => !l.startsWith(' '));
    assert.deepEqual(files.slice(0, 2), ['test/math.test.js', 'src/math.js'], 'the test the failing output names first, then the code it imports');
    assert.ok(files.includes('src/strings.js'), map);
    assert.ok(!files.includes('package-lock.json') && !files.includes('logo.png'), 'no lockfiles, no binaries');
    assert.match(map, /^src\/math\.js\n  function add\(a, b\)\n  function multiply\(a, b\)$/m);
    assert.match(solver, /Current files:\n<file path="test\/math\.test\.js">[\s\S]*<file path="src\/math\.js">/, 'the failing test and the code it imports are shown whole');
    assert.match(solver, /Before any change, the verifier `npm test --silent` fails with:\n```\n[\s\S]*not ok[\s\S]*```/);
    const decomposer = r.stdout.split(/^=== /m).find((m) => /^#\d+ decomposition .* user ===/.test(m))!;
    assert.match(decomposer, /fails with:[\s\S]*Repository map[\s\S]*src\/math\.js/);
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
  });

  it('says which verifier it detected, and how the baseline went, before the first step', async () => {
    const r = await runCli(args(), { home: home.path });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const lines = r.stderr.split('\n');
    const verifier = lines.findIndex((l) => l === 'verifier: npm test --silent (detected: package.json has a test script (node --test))');
    const baseline = lines.findIndex((l) => /^baseline: `npm test --silent` fails \(exit 1\) before any change \(\d+\.\ds\)$/.test(l));
    const step = lines.findIndex((l) => l.startsWith('step 1 done'));
    assert.ok(verifier >= 0 && baseline > verifier && step > baseline, r.stderr);
  });
});
