// estimateByBatch against the local server's batch endpoints through the real SDK engines:
// results read before a crash are stored once and never scored twice; items that keep failing
// past the follow-ups a run allows are reported unanswered (loudly), and the next run retries
// them; the job file keeps only what it should (no key), a torn last sample line is skipped.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateByBatch, jobIdOf, type BatchRunOptions } from '../../../src/app/estimateBatch';
import { BatchJob } from '../../../src/app/estimateBatchJob';
import { EstimateSampler } from '../../../src/app/estimateSamples';
import { getDomain, loadConfig } from '../../../src/config/load';
import { createLlmRouter } from '../../../src/llm';
import { createBatchEngine, type BatchEngine } from '../../../src/llm/batch';
import { mountBatches, type BatchEndpoints } from '../../support/batchServer';
import { REPO_ROOT } from '../../support/cliRun';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

/** The engine's methods bound to it, so a test can replace one. */
const bind = (e: BatchEngine): BatchEngine => ({
  provider: e.provider, maxItems: e.maxItems, submit: e.submit.bind(e), status: e.status.bind(e), results: e.results.bind(e), find: e.find?.bind(e),
});
const hanoi = () => getDomain(loadConfig(path.join(REPO_ROOT, 'config.yaml')), 'hanoi');
const KEY = 'sk-app-batch-SECRET-99';

describe('estimate --batch: the job on disk', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let endpoints: BatchEndpoints;
  let tmp: TmpDir;

  beforeEach(async () => {
    server = await startHanoiServer({ errorRate: 0.05, seed: 4 });
    endpoints = mountBatches(server, { completeAfterMs: 0 });
    tmp = makeTmpDir('mf-batch-job-');
  });
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  const options = (steps: number) => ({ steps, disksMin: 3, disksMax: 9, seed: 2, concurrency: 1, provider: 'openai', model: 'gpt-4.1-mini' });
  const run = (engine: BatchEngine, steps: number, more: Partial<BatchRunOptions> = {}) =>
    estimateByBatch(createLlmRouter(), hanoi(), options(steps), {
      engine, root: tmp.path, pollMs: 10, settings: { domain: 'hanoi', overrides: { provider: 'openai' }, steps, repeat: 1, disksMin: 3, disksMax: 9 }, ...more,
    });
  const openai = () => createBatchEngine('openai', { apiKey: KEY, baseUrl: server.baseUrl('openai') });

  it('results read before a crash are kept once: the re-run reads the batch again and scores only the rest', async () => {
    const real = await openai();
    let seen = 0;
    // The connection drops after 600 of 700 results (the first 500 are on disk by then).
    const dropping: BatchEngine = {
      ...bind(real),
      async *results(id, signal) {
        for await (const r of real.results(id, signal)) {
          if (++seen > 600) throw new Error('socket hang up');
          yield r;
        }
      },
    };
    await assert.rejects(run(dropping, 700), /socket hang up/);
    const [id] = fs.readdirSync(tmp.path);
    const job = BatchJob.read(tmp.path, id)!;
    assert.equal(job.scored().length, 500);
    assert.equal(job.pending().length, 1, 'the batch is still to be read');

    const r = await run(real, 700);
    assert.equal(endpoints.batches.length, 1, 'no second batch');
    assert.equal(r.samples, 700);
    assert.equal(BatchJob.read(tmp.path, id)!.scored().length, 700);
    assert.equal(BatchJob.read(tmp.path, id)!.record.status, 'completed');
    assert.ok(!fs.readFileSync(path.join(tmp.path, id, 'job.json'), 'utf8').includes(KEY));
  });

  it('killed between the provider creating a batch and the job saving its id: openai\'s is found by its label, anthropic\'s is warned about', async () => {
    for (const provider of ['openai', 'anthropic'] as const) {
      const real = await createBatchEngine(provider, { apiKey: KEY, baseUrl: server.baseUrl(provider) });
      // The process "dies" right after the provider answered: the id never reaches the job.
      const dying: BatchEngine = { ...bind(real), submit: async (...a) => (await real.submit(...a), Promise.reject(new Error('killed'))) };
      const root = path.join(tmp.path, provider);
      const go = (engine: BatchEngine, said: string[] = []) =>
        estimateByBatch(createLlmRouter(), hanoi(), { ...options(30), provider }, {
          engine, root, pollMs: 10, settings: { domain: 'hanoi', overrides: { provider }, steps: 30, repeat: 1, disksMin: 3, disksMax: 9 }, say: (l) => said.push(l),
        });
      const before = endpoints.batches.length;
      await assert.rejects(go(dying), /killed/);
      const said: string[] = [];
      const r = await go(real, said);
      assert.equal(r.samples, 30);
      if (provider === 'openai') {
        assert.equal(endpoints.batches.length, before + 1, 'the batch created before the kill is polled, no second one');
        assert.ok(said.some((l) => /found batch batch_\d+, created just before the last run stopped/.test(l)), said.join('\n'));
      } else {
        assert.equal(endpoints.batches.length, before + 2);
        assert.ok(said.some((l) => /WARNING: the last run stopped while creating a anthropic batch/.test(l)), said.join('\n'));
      }
    }
  });

  it('items that keep failing past the follow-ups are reported unanswered, and the next run retries them', async () => {
    const broken = new Set(['s-3', 's-17']);
    endpoints.itemError = (c) => broken.has(c);
    const said: string[] = [];
    const r = await run(await openai(), 40, { maxFollowUps: 1, say: (l) => said.push(l) });
    assert.equal(r.samples, 38);
    assert.equal(r.batch.unanswered, 2);
    assert.equal(r.batch.errored, 4, 'two items, errored in the first batch and in the follow-up');
    assert.deepEqual(endpoints.batches.map((b) => b.items.length), [40, 2]);
    assert.ok(said.some((l) => /WARNING: 2 samples still unanswered after 1 follow-up batches/.test(l)), said.join('\n'));
    assert.equal(BatchJob.read(tmp.path, r.batch.job)!.record.status, 'running');

    broken.clear();
    const again = await run(await openai(), 40, { maxFollowUps: 1 });
    assert.equal(again.samples, 40);
    assert.equal(again.batch.unanswered, 0);
    assert.deepEqual(endpoints.batches.map((b) => b.items.length), [40, 2, 2]);
  });

  it('the job id is a hash of the requests: the same estimate finds its job, another model or base URL does not', () => {
    const sampler = (model: string) => new EstimateSampler(createLlmRouter(), hanoi(), { ...options(50), model });
    const a = jobIdOf(sampler('gpt-4.1-mini'), 'openai', 'gpt-4.1-mini', undefined);
    assert.equal(jobIdOf(sampler('gpt-4.1-mini'), 'openai', 'gpt-4.1-mini', undefined), a);
    assert.notEqual(jobIdOf(sampler('gpt-4.1-nano'), 'openai', 'gpt-4.1-nano', undefined), a);
    assert.notEqual(jobIdOf(sampler('gpt-4.1-mini'), 'openai', 'gpt-4.1-mini', 'http://127.0.0.1:1/v1'), a);
    assert.match(a, /^est-[0-9a-f]{16}$/);
  });

  it('a torn last line and a sample stored twice count once', () => {
    const { job } = BatchJob.openOrCreate(tmp.path, 'est-00', () => ({
      version: 1, id: 'est-00', createdAt: '', updatedAt: '', status: 'running', provider: 'openai', model: 'm', total: 3,
      settings: { domain: 'hanoi', overrides: {}, steps: 3, repeat: 1, disksMin: 3, disksMax: 3 }, batches: [],
    }));
    job.append([{ j: 0, tokensIn: 1, tokensOut: 1, key: 'a' }, { j: 1, tokensIn: 1, tokensOut: 1, flags: ['format'] }]);
    job.append([{ j: 0, tokensIn: 9, tokensOut: 9, key: 'b' }, { j: 7, tokensIn: 1, tokensOut: 1, key: 'x' }]);
    fs.appendFileSync(path.join(tmp.path, 'est-00', 'samples.jsonl'), '{"j": 2, "tokensIn": 1, "tok');
    assert.deepEqual(job.scored(), [{ j: 0, tokensIn: 1, tokensOut: 1, key: 'a' }, { j: 1, tokensIn: 1, tokensOut: 1, flags: ['format'] }]);
  });
});
