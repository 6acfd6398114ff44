// The budget controls a person plans with (R2.7), measured from outside: real `microfactory`
// processes against a local chat-completions server that bills what it answers, at gpt-4.1-mini's
// list price (words as tokens). The warning (--warn-usd), its validation, the projected total in
// the progress lines and `status --json`, the per-step cap (--max-step-usd) and its resume, and
// the warning and projection of a session SIGKILLed mid-run and resumed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, ensureCliBuilt, oneLineUsageError, runCli, type CliResult } from '../../support/cliRun';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';

// One request per vote (`--sampling separate`): the cap's arithmetic below counts samples at one
// price each, and the projection needs the run to last past the first once-a-second totals (the
// chain's default after_first draws fewer requests and finishes sooner). n-sampling's own bills are
// tested in app/nSampling.test.ts; the cap is checked before an n request too (sampler.drawChoices).
const priced = (server: LlmServer, model = 'gpt-4.1-mini'): string[] => ['--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--api-key', 'x', '--llm-model', model, '--sampling', 'separate'];

async function status(home: string, id?: string): Promise<any> {
  const r = await runCli(['status', ...(id ? ['--session-id', id, '--steps', '100000'] : []), '--json'], { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const warnings = (r: Pick<CliResult, 'stderr'>): string[] => r.stderr.split('\n').filter((l) => l.startsWith('warning: session'));

describe('budget controls (CLI processes, local chat-completions server)', function () {
  this.timeout(180_000);
  before(ensureCliBuilt);
  let home: { path: string; cleanup(): void };
  let server: LlmServer;
  beforeEach(async () => {
    home = makeTempDir('mf-budget-ctl-');
  });
  afterEach(async () => {
    await server?.close();
    home.cleanup();
  });

  it('--warn-usd: one stderr line when the spend first reaches it, the run goes on, the session records it', async () => {
    server = await startHanoiServer({ seed: 3 });
    const r = await runCli(['run', '--domain', 'hanoi', '--disks', '5', ...priced(server), '--warn-usd', '0.001', '--budget-usd', '1'], { home: home.path });
    assert.equal(r.code, 0, r.stderr);
    const lines = warnings(r);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /has spent \$0\.0\d+, past its warning mark of \$0\.0010 \(--warn-usd\); it goes on/);
    const s = (await status(home.path)).sessions[0];
    assert.equal(s.status, 'completed');
    assert.ok(s.budget_warned.spent_usd >= 0.001 && s.budget_warned.spent_usd < s.cost_usd, JSON.stringify(s.budget_warned));
    assert.equal(s.budget_warned.warn_usd, 0.001);
    assert.equal(s.projected_usd.remaining_steps, 0, 'a finished run has nothing left to project');
    assert.ok(Math.abs(s.projected_usd.mid - s.cost_usd) < 1e-6);
  });

  it('bad marks are one-line usage errors (exit 2) before any session exists', async () => {
    server = await startHanoiServer();
    const cases: [string[], RegExp][] = [
      [['--warn-usd', '0'], /--warn-usd must be a number \(above 0, at most 1000000\), got '0'/],
      [['--warn-usd=-1'], /--warn-usd must be a number \(above 0, at most 1000000\), got '-1'/],
      [['--warn-usd', 'x'], /--warn-usd must be a number/],
      [['--max-step-usd', '0'], /--max-step-usd must be a number \(above 0/],
      [['--warn-usd', '0.05', '--budget-usd', '0.05'], /--warn-usd \(0\.05\) must be below --budget-usd \(0\.05\)/],
      [['--warn-usd', '0.5', '--budget-usd', '0.05'], /--warn-usd \(0\.5\) must be below --budget-usd/],
    ];
    for (const [flags, want] of cases) {
      const line = oneLineUsageError(await runCli(['run', '--domain', 'hanoi', '--disks', '3', ...priced(server), ...flags], { home: home.path }));
      assert.match(line, want);
    }
    assert.deepEqual((await status(home.path)).sessions, []);
    assert.equal(server.total, 0, 'no request was sent');
  });

  it('the projected total: in the progress lines and in status --json, a range around spent + remaining; "unpriced" without a price', async () => {
    // Latency enough for the run to last a few seconds: the totals (and the projection from them)
    // reach the progress line once a second.
    server = await startHanoiServer({ errorRate: 0.1, seed: 4, latencyMs: 60 });
    const r = await runCli(['run', '--domain', 'hanoi', '--disks', '7', ...priced(server), '--budget-usd', '0.02'], { home: home.path, timeoutMs: 120_000 });
    assert.equal(r.code, 3, `paused on the budget: ${r.stderr}`);
    assert.match(r.stderr, /\d+%: \d+\/127 steps, [\d.]+ samples\/step, \d+ red flags, [\d.]+s, projected \$0\.\d+ \(\$0\.\d+–\$0\.\d+\)/);
    const list = (await status(home.path)).sessions[0];
    const d = await status(home.path, list.session_id);
    const p = d.projected_usd;
    assert.equal(d.wait_state.trigger, 'budget');
    assert.equal(p.remaining_steps, d.steps_total - d.steps_completed);
    assert.ok(p.low <= p.mid && p.mid <= p.high && p.low >= d.cost_usd, JSON.stringify(p));
    // mid = spent + remaining × samples per step × cost per sample, all measured from the session.
    const expected = d.cost_usd + p.remaining_steps * (d.samples / d.metrics.stepsSampled) * (d.cost_usd / d.samples);
    assert.ok(Math.abs(p.mid - expected) < 1e-5, `${p.mid} vs ${expected}`);
    assert.equal(p.unpriced, false);
    assert.equal(p.open, false);

    const unpricedHome = makeTempDir('mf-unpriced-');
    try {
      const u = await runCli(['run', '--domain', 'hanoi', '--disks', '3', ...priced(server, 'no-such-model')], { home: unpricedHome.path });
      assert.equal(u.code, 0, u.stderr);
      const us = (await status(unpricedHome.path)).sessions[0];
      assert.equal(us.cost_usd, 0);
      assert.deepEqual([us.projected_usd.mid, us.projected_usd.unpriced], [null, true]);
    } finally {
      unpricedHome.cleanup();
    }
  });

  it('--max-step-usd: a race that would pass it pauses with its tally; a resume goes on with the votes it paid for; a higher cap finishes', async () => {
    server = await startHanoiServer({ errorRate: 0.3, seed: 11 });
    // What one sample costs here, measured on a short run (the prompts of a 6-disk run are as long).
    const probe = makeTempDir('mf-probe-');
    let perSample: number;
    try {
      assert.equal((await runCli(['run', '--domain', 'hanoi', '--disks', '3', ...priced(server)], { home: probe.path })).code, 0);
      const s = (await status(probe.path)).sessions[0];
      perSample = s.cost_usd / s.samples;
    } finally {
      probe.cleanup();
    }
    // Room for four samples a step: k = 3 draws three at once, a contested race needs a fifth.
    const cap = (4.5 * perSample).toFixed(6);
    const r = await runCli(['run', '--domain', 'hanoi', '--disks', '6', ...priced(server), '--max-step-usd', cap], { home: home.path });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /paused on step \S+: step_budget: this step has spent \$0\.\d+ of its \$0\.\d+ cap \(\d+ samples, votes so far \d+(–\d+)*\)/);
    const id = (await status(home.path)).sessions[0].session_id;
    const paused = await status(home.path, id);
    assert.equal(paused.wait_state.trigger, 'step_budget');
    const waiting = paused.steps.find((st: any) => st.id === paused.wait_state.stepId);
    assert.ok(waiting.samples_requested >= 4, JSON.stringify(waiting));
    assert.ok(waiting.cost_usd <= Number(cap) + perSample * 0.5, `the step spent ${waiting.cost_usd}, cap ${cap}`);
    // An answer is refused: this pause waits to be resumed, not judged.
    assert.equal((await runCli(['resume', '--session-id', id, '--approve'], { home: home.path })).code, 2);
    const before = server.total;
    const more = await runCli(['resume', '--session-id', id, '--max-step-usd', '1'], { home: home.path });
    assert.equal(more.code, 0, more.stderr);
    const done = await status(home.path, id);
    assert.equal(done.status, 'completed');
    const finished = done.steps.find((st: any) => st.id === paused.wait_state.stepId);
    // The paused race went on with the votes it had paid for: none was bought twice.
    assert.ok(finished.samples_requested >= waiting.samples_requested);
    assert.equal(done.samples, paused.samples + (server.total - before));
  });

  it('after SIGKILL: the resumed run does not warn again, and the projection comes from the recounted totals', async () => {
    server = await startHanoiServer({ errorRate: 0.1, seed: 8, latencyMs: 3 });
    const args = ['run', '--domain', 'hanoi', '--disks', '8', ...priced(server), '--warn-usd', '0.002', '--budget-usd', '1', '-q'];
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, MICROFACTORY_HOME: home.path }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    // Killed a few dozen requests after the warning, mid-run.
    while (!stderr.includes('warning: session')) await new Promise((r) => setTimeout(r, 5));
    const at = server.total;
    while (server.total < at + 40) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.equal(warnings({ stderr }).length, 1);

    const id = (await status(home.path)).sessions[0].session_id;
    const killed = await status(home.path, id);
    // The totals were summed again from the stored steps (store/recovery.ts): the projection reads them.
    const sampled = killed.steps.filter((st: any) => st.samples_requested > 0);
    assert.equal(killed.samples, sampled.reduce((a: number, st: any) => a + st.samples_requested, 0));
    assert.equal(killed.metrics.stepsSampled, sampled.length);
    assert.equal(killed.metrics.samplesSq, sampled.reduce((a: number, st: any) => a + st.samples_requested ** 2, 0));
    assert.equal(killed.projected_usd.remaining_steps, 255 - killed.steps_completed);
    assert.ok(killed.projected_usd.mid > killed.cost_usd);
    assert.ok(killed.budget_warned, 'the warning was stored before the kill');

    const resumed = await runCli(['resume', '--session-id', id], { home: home.path, timeoutMs: 120_000 });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(warnings(resumed), [], 'warned once per session, across the kill');
    const done = await status(home.path, id);
    assert.deepEqual(done.budget_warned, killed.budget_warned);
  });
});
