// `microfactory estimate --batch` as a user runs it: the CLI process, the official openai and
// @anthropic-ai/sdk clients, over HTTP to the local server's batch endpoints (batchServer.ts),
// which answer through the same Hanoi solver as the live endpoints. A 2,000-step estimate through
// each batch API, killed with SIGKILL mid-poll and run again: the same batch is polled, no
// second one is created. Faults: an expired batch, errored items, a failed or cancelled batch.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mountBatches, type BatchEndpoints } from '../../support/batchServer';
import { ensureCliBuilt, oneLineUsageError, runCli, startCli } from '../../support/cliRun';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';
import { makeTmpDir } from '../../support/tmpDir';

const KEY = 'sk-mf-batch-SECRET-0123456789abcdef';
const MODEL = { openai: 'gpt-4.1-mini', anthropic: 'claude-haiku-4-5' } as const;
type Provider = keyof typeof MODEL;

describe('cli: estimate --batch (OpenAI Batch, Anthropic Message Batches)', function () {
  this.timeout(180_000);
  let server: LlmServer;
  let batches: BatchEndpoints;
  let home: ReturnType<typeof makeTmpDir>;

  before(() => ensureCliBuilt());
  beforeEach(async () => {
    server = await startHanoiServer({ errorRate: 0.05, seed: 11 });
    batches = mountBatches(server, { completeAfterMs: 100 });
    home = makeTmpDir('mf-estimate-batch-');
  });
  afterEach(async () => {
    await server.close();
    home.cleanup();
  });

  const args = (p: Provider, steps: number, ...more: string[]) => [
    'estimate', '--batch', '--llm-provider', p, '--base-url', server.baseUrl(p), '--api-key', KEY, '--llm-model', MODEL[p],
    '--steps', String(steps), '--disks-min', '4', '--disks-max', '10', '--poll-ms', '50', '--json', ...more,
  ];
  const jobs = () => fs.readdirSync(path.join(home.path, 'estimates')).map((id) => JSON.parse(fs.readFileSync(path.join(home.path, 'estimates', id, 'job.json'), 'utf8')));

  for (const p of ['openai', 'anthropic'] as const) {
    it(`${p}: 2,000 steps through the batch API, SIGKILLed mid-poll, resumed on the same batch, priced at batch rates`, async () => {
      batches.completeAfterMs = 60_000; // still running when the kill comes
      const t0 = Date.now();
      const first = startCli(args(p, 2000), { home: home.path, timeoutMs: 120_000 });
      while (!batches.batches.length || !batches.polls.get(batches.batches[0].id)) {
        assert.equal(first.child.exitCode, null, `the CLI exited early: ${first.stderr()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      first.child.kill('SIGKILL');
      const killed = await first.result;
      assert.equal(killed.code, null, 'killed, not exited');
      const id = batches.batches[0].id;
      assert.equal(batches.batches[0].items.length, 2000);
      assert.match(killed.stderr, new RegExp(`submitted ${p} batch ${id}: 2,000 samples`));
      // The batch id was on disk before the first poll.
      const [stored] = jobs();
      assert.deepEqual(stored.batches.map((b: { id: string; state: string }) => [b.id, b.state]), [[id, 'submitted']]);
      const submitMs = Date.now() - t0;

      batches.completeAfterMs = 0; // the provider finishes while nobody polls
      const t1 = Date.now();
      // The first provider resumes by running the same command again, the second by --resume last.
      const again = p === 'openai' ? args(p, 2000) : ['estimate', '--resume', 'last', '--api-key', KEY, '--poll-ms', '50', '--json'];
      const r = await runCli(again, { home: home.path, timeoutMs: 120_000 });
      const resumeMs = Date.now() - t1;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(batches.batches.length, 1, 'no second batch');
      assert.match(r.stderr, new RegExp(`resuming batch estimate ${stored.id}: 0 of 2,000 samples stored; polling ${id}`));
      const out = JSON.parse(r.stdout);
      assert.equal(out.samples, 2000);
      assert.ok(out.error_rate.low <= 0.05 && 0.05 <= out.error_rate.high, `0.05 outside ${JSON.stringify(out.error_rate)}`);
      assert.equal(out.batch.job, stored.id);
      assert.equal(out.batch.resumed, true);
      assert.deepEqual(out.batch.batches.map((b: { id: string; state: string }) => [b.id, b.state]), [[id, 'collected']]);
      // Batch prices: half the list price of the same tokens.
      assert.ok(out.cost_per_sample_usd > 0);
      assert.equal(out.batch.price_factor, 0.5);
      assert.ok(Math.abs(out.batch.cost_per_sample_usd - out.cost_per_sample_usd / 2) < 1e-12);
      assert.ok(Math.abs(out.batch.cost_usd - out.batch.cost_per_sample_usd * 2000) < 1e-9);

      // Once more: everything is stored, nothing is sent, the figures are the same.
      const sent = server.total;
      const third = await runCli(args(p, 2000), { home: home.path });
      assert.equal(third.code, 0, third.stderr);
      assert.equal(server.total, sent, 'a finished job sends nothing');
      assert.equal(JSON.parse(third.stdout).error_rate.rate, out.error_rate.rate);
      assert.equal(jobs()[0].status, 'completed');
      for (const f of fs.readdirSync(path.join(home.path, 'estimates', stored.id))) assert.ok(!fs.readFileSync(path.join(home.path, 'estimates', stored.id, f), 'utf8').includes(KEY), `the key is in ${f}`);
      // The done-when figure, for the report.
      console.log(`      ${p}: submit + first poll ${submitMs} ms, resume to a finished 2,000-sample estimate ${resumeMs} ms`);
    });

    it(`${p}: an expired batch has only its missing samples re-submitted, and says so`, async () => {
      batches.injectBatchFaults({ type: 'expire', answered: 120 });
      const r = await runCli(args(p, 300), { home: home.path });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(batches.batches.map((b) => b.items.length), [300, 180]);
      assert.match(r.stderr, /expired: 120 answered, 180 expired/);
      assert.match(r.stderr, /re-submitting 180 expired samples in a follow-up batch/);
      const out = JSON.parse(r.stdout);
      assert.equal(out.samples, 300);
      assert.equal(out.batch.expired, 180);
      assert.deepEqual(out.batch.retried, { errored: 0, expired: 180, missing: 0 });
      assert.deepEqual(out.batch.batches.map((b: { reason: string }) => b.reason), ['first', 'expired']);
      // The follow-up asked for exactly the samples the first batch did not answer.
      const answered = new Set(batches.batches[0].items.slice(0, 120).map((i) => i.customId));
      assert.ok(batches.batches[1].items.every((i) => !answered.has(i.customId)));
    });

    it(`${p}: errored items are retried in a follow-up batch and counted`, async () => {
      const failedOnce = new Set<string>();
      batches.itemError = (customId) => Number(customId.slice(2)) % 7 === 0 && !failedOnce.has(customId) && !!failedOnce.add(customId);
      const r = await runCli(args(p, 210), { home: home.path });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(batches.batches.map((b) => b.items.length), [210, 30]);
      assert.match(r.stderr, /re-submitting 30 errored samples in a follow-up batch/);
      const out = JSON.parse(r.stdout);
      assert.equal(out.samples, 210);
      assert.equal(out.batch.errored, 30);
      assert.deepEqual(out.batch.retried, { errored: 30, expired: 0, missing: 0 });
      assert.equal(out.batch.unanswered, 0);
    });
  }

  it('openai: a failed batch stops with one line, keeps the job, and the same command sends a new batch', async () => {
    batches.injectBatchFaults({ type: 'fail', message: 'Line 1: the model gpt-4.1-mini does not support batch' });
    const r = await runCli(args('openai', 100), { home: home.path });
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[lines.length - 1], /^microfactory estimate: openai batch batch_\d+ failed: invalid_request: Line 1: the model gpt-4.1-mini does not support batch; 0 samples are kept in est-[0-9a-f]+, run the same command again to send the other 100$/);
    assert.equal(jobs()[0].batches[0].state, 'failed');
    const again = await runCli(args('openai', 100), { home: home.path });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(batches.batches.length, 2);
    assert.equal(JSON.parse(again.stdout).samples, 100);
  });

  it('anthropic: a cancelled batch stops with one line and keeps what it stored', async () => {
    batches.injectBatchFaults({ type: 'fail', message: 'cancelled' });
    const r = await runCli(args('anthropic', 50), { home: home.path });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /microfactory estimate: anthropic batch msgbatch_\d+ was cancelled; 0 samples are kept in est-[0-9a-f]+, run the same command again to send the other 50\n$/);
    assert.equal(jobs()[0].batches[0].state, 'canceled');
  });

  it('other providers, and --resume with sample flags, are usage errors before any job exists', async () => {
    const line = oneLineUsageError(await runCli(['estimate', '--batch', '--llm-provider', 'gemini', '--api-key', KEY, '--steps', '10'], { home: home.path }));
    assert.match(line, /--batch works with openai and anthropic \(their batch APIs\); the solver's provider is 'gemini'/);
    assert.ok(!fs.existsSync(path.join(home.path, 'estimates')), 'no job was created');
    assert.match(oneLineUsageError(await runCli(['estimate', '--batch', '--steps', '10'], { home: home.path })), /the solver's provider is 'simulated'/);
    assert.match(oneLineUsageError(await runCli(['estimate', '--resume', 'last', '--steps', '10'], { home: home.path })), /drop --steps/);
    assert.match(oneLineUsageError(await runCli(['estimate', '--resume', 'last'], { home: home.path })), /no unfinished batch estimate/);
    assert.match(oneLineUsageError(await runCli(['estimate', '--poll-ms', '10'], { home: home.path })), /--poll-ms goes with --batch/);
    assert.equal(server.total, 0);
  });
});
