// Through the real CLI (dist/cli.js) on a git fixture: three solver answers that make the same
// fix in different words (prose, a fence, SEARCH/REPLACE vs a whole file, CRLF) are one candidate
// in the stored tally, so no judge is asked (the script has no judge answer: asking one would
// fail the run) and `status --json` shows one key with all three votes.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeJsFixtureRepo, makeTempDir, type JsFixtureRepo } from '../../support/fixtures';

describe('cli: code candidates are counted by the change they make', function () {
  this.timeout(120_000);
  before(ensureCliBuilt);

  it('three wordings of one fix are one candidate with three votes in the stored tally', async () => {
    const repo = makeJsFixtureRepo();
    const tmp = makeTempDir('mf-cli-keys-');
    try {
      await threeWordings(repo, tmp.path);
    } finally {
      repo.cleanup();
      tmp.cleanup();
    }
  });
});

async function threeWordings(repo: JsFixtureRepo, dir: string): Promise<void> {
  const cli = (args: string[]) => runCli(args, { home: join(dir, 'home'), cwd: dir });
  const whole = `<file path="src/math.js">\n${repo.fixedContent}</file>`;
  const answers = [
    `The sign in add() is wrong. Here is the whole file:\n\n${whole}\n\nThat fixes the test.`,
    `Minimal edit:\n\`\`\`\n<file path="src/math.js" lang="js">\n<<<<<<< SEARCH\n  return a - b;\n=======\n  return a + b;\n>>>>>>> REPLACE\n</file>\n\`\`\``,
    `${whole}\n`.replace(/\n/g, '\r\n'),
  ];
  assert.equal(new Set(answers).size, 3);
  const scriptPath = join(dir, 'script.yaml');
  writeFileSync(scriptPath, stringify({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: answers }));
  const run = await cli([
    'run', '--domain', 'code', '--prompt', 'Fix the failing add test by correcting src/math.js', '--repo-path', repo.path,
    '--llm-provider', 'scripted', '--script', scriptPath, '--json', '-q',
  ]);
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
  const id = JSON.parse(run.stdout).session_id as string;
  const status = await cli(['status', '--session-id', id, '--json']);
  assert.equal(status.code, 0, status.stderr);
  const step = (JSON.parse(status.stdout).steps as { id: string; votes: Record<string, number> | null }[]).find((s) => s.id === '1')!;
  const votes = Object.entries(step.votes ?? {});
  assert.equal(votes.length, 1, JSON.stringify(step.votes));
  assert.match(votes[0][0], /^src\/math\.js #[0-9a-f]{16}$/);
  assert.equal(votes[0][1], 3);
}
