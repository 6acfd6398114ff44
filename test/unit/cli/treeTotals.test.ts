// A paused tree session through the real CLI (dist/cli.js), on a git fixture whose test fails
// whatever the scripted solver writes: the session's totals in `run --json`, `status`,
// `status --json` and the session list are the sums over its step rows, and stay so after a
// resume that pauses again (a resumed step is not counted twice).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeJsFixtureRepo, makeTempDir, type JsFixtureRepo } from '../../support/fixtures';

interface StepJson {
  status: string;
  samples_requested: number;
  red_flags: Record<string, number>;
  tokens_in: number;
  tokens_out: number;
}

describe('cli: a paused tree session totals its step rows', function () {
  this.timeout(120_000);
  let repo: JsFixtureRepo;
  let tmp: { path: string; cleanup(): void };

  before(() => {
    ensureCliBuilt();
    repo = makeJsFixtureRepo();
    tmp = makeTempDir('mf-cli-tree-');
  });

  after(() => {
    repo.cleanup();
    tmp.cleanup();
  });

  const cli = (args: string[]) => runCli(args, { home: join(tmp.path, 'home'), cwd: tmp.path });

  async function assertTotalsAgree(id: string, summary: Record<string, unknown>): Promise<void> {
    const detail = await cli(['status', '--session-id', id, '--json']);
    assert.equal(detail.code, 0, detail.stderr);
    const d = JSON.parse(detail.stdout) as Record<string, unknown> & { steps: StepJson[] };
    assert.equal(d.steps_listed, d.steps_stored, 'every step row is listed');
    const sum = (f: (s: StepJson) => number) => d.steps.reduce((a, s) => a + f(s), 0);
    const want = {
      steps_total: d.steps.length,
      steps_completed: d.steps.filter((s) => s.status === 'completed').length,
      samples: sum((s) => s.samples_requested),
      red_flags: sum((s) => Object.values(s.red_flags).reduce((a, b) => a + b, 0)),
      tokens_in: sum((s) => s.tokens_in),
      tokens_out: sum((s) => s.tokens_out),
    };
    assert.ok(want.samples > 0 && want.red_flags > 0, JSON.stringify(want));
    const pickOf = (o: Record<string, unknown>) => Object.fromEntries(Object.keys(want).map((k) => [k, o[k]]));
    assert.deepEqual(pickOf(d), want, 'status --session-id --json');
    assert.deepEqual(pickOf(summary), want, 'the run/resume summary');
    const list = await cli(['status', '--json']);
    assert.deepEqual(pickOf(JSON.parse(list.stdout).sessions.find((s: { session_id: string }) => s.session_id === id)), want, 'status --json');
    const text = await cli(['status', '--session-id', id]);
    assert.match(text.stdout, new RegExp(`steps: ${want.steps_completed}/${want.steps_total}\\s+samples: ${want.samples}\\s+red flags: ${want.red_flags}\\b`));
  }

  it('in run --json, status, status --json and the session list, before and after a resume', async () => {
    const scriptPath = join(tmp.path, 'script.yaml');
    writeFileSync(scriptPath, stringify({
      decomposition: [{ text: 'ATOMIC', repeat: true }],
      solver: [{ text: `<file path="src/math.js">\n${repo.wrongContent}</file>`, repeat: true }],
    }));
    const started = await cli([
      'run', '--domain', 'code', '--prompt', 'Fix the failing add test by correcting src/math.js', '--repo-path', repo.path,
      '--llm-provider', 'scripted', '--script', scriptPath, '--json', '-q',
    ]);
    assert.equal(started.code, 3, started.stderr);
    const summary = JSON.parse(started.stdout);
    await assertTotalsAgree(summary.session_id, summary);
    assert.equal(summary.wait_state.trigger, 'verify_failed');

    const resumed = await cli(['resume', '--session-id', summary.session_id, '--approve', '--json', '-q']);
    assert.equal(resumed.code, 3, resumed.stderr);
    const again = JSON.parse(resumed.stdout);
    assert.ok(again.samples > summary.samples, 'the resumed step drew more samples');
    await assertTotalsAgree(summary.session_id, again);
  });
});
