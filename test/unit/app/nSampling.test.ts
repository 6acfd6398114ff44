// The sampling modes end to end: the Hanoi chain through the official SDKs against the local wire
// server (real HTTP, real sql.js store), k = 3, so each clean step is one round of 3 votes.
//   separate: 3 requests a step; batched: 1 (n = 3); after_first: 2 (the T=0 vote, then n = 2).
// Every choice is a stored sample with its own red flags and its share of the bill, a server that
// ignores n never shrinks a race, and on the simulated model the modes vote alike.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunOverrides } from '../../../src/app/api';
import { engineOptions } from '../../../src/app/options';
import { startRun } from '../../../src/app/session';
import { replaySession } from '../../../src/app/hanoiCheck';
import { getDomain, loadConfig } from '../../../src/config/load';
import { outputKey, type HanoiOutput } from '../../../src/engine/chain/hanoi';
import { moveNumber, stateAfter } from '../../../src/engine/chain/hanoiPosition';
import type { SamplingMode } from '../../../src/engine/config';
import { Runner } from '../../../src/engine/runner';
import { systemClock } from '../../../src/llm/clock';
import { SimulatedClient } from '../../../src/llm/simulated';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer, WireProvider } from '../../support/llmServer';
import { MemorySessionStore } from '../../support/memoryStore';

const STEPS = 7;

describe('sampling modes over HTTP (n-sampling)', function () {
  this.timeout(120_000);
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  let server: LlmServer;

  beforeEach(async () => {
    tmp = makeTempDir('mf-nsample-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
  });
  afterEach(async () => {
    await store.close();
    await server?.close();
    tmp.cleanup();
  });

  async function run(provider: WireProvider | 'openai-compatible', sampling: SamplingMode, more: Partial<RunOverrides> = {}) {
    const wire = provider === 'openai-compatible' ? 'openai' : provider;
    const handle = await startRun(
      { prompt: 'hanoi', domain: 'hanoi', disks: 3, k: 3, provider, model: 'gpt-4.1-mini', baseUrl: server.baseUrl(wire), apiKey: 'sk-nsample-123', sampling, ...more },
      { store, resourceRoot: REPO_ROOT },
    );
    const out = await handle.done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const session = store.getSession(handle.sessionId)!;
    assert.equal(replaySession(store, session).solved, true);
    const samples = store.getSteps(handle.sessionId).flatMap((s) => store.getSamples(handle.sessionId, s.id));
    return { session, samples };
  }

  const cases: [SamplingMode, number, number[]][] = [
    ['separate', 3, [0, 0.1, 0.1]],
    ['batched', 1, [0.1, 0.1, 0.1]],
    ['after_first', 2, [0, 0.1, 0.1]],
  ];
  for (const provider of ['openai', 'gemini'] as const) {
    for (const [mode, perStep, temps] of cases) {
      it(`${provider}, ${mode}: ${perStep} request(s) a step, 3 samples each with its own share of the bill`, async () => {
        server = await startHanoiServer({ errorRate: 0 });
        const { session, samples } = await run(provider, mode);
        assert.equal(server.total, STEPS * perStep);
        assert.equal(samples.length, STEPS * 3);
        assert.deepEqual(samples.filter((s) => s.stepId === '1').map((s) => s.temperature), temps);
        const asked = server.requests.map((r) => (provider === 'openai' ? (r.body as any).n : (r.body as any).generationConfig?.candidateCount) ?? 1);
        assert.equal(asked.reduce((a, b) => a + b, 0), STEPS * 3, 'every vote asked for once');
        // The session's tokens are what the server billed: input once per request, output per choice.
        assert.deepEqual({ in: session.metrics.tokensIn, out: session.metrics.tokensOut }, { in: server.billed.input, out: server.billed.output });
        assert.equal(samples.reduce((a, s) => a + s.tokensIn, 0), server.billed.input);
      });
    }
  }

  it('anthropic has no n-sampling: batched falls back to one request per vote', async () => {
    server = await startHanoiServer({ errorRate: 0 });
    await run('anthropic', 'batched');
    assert.equal(server.total, STEPS * 3);
  });

  it('each choice has its own red flags: a malformed choice is discarded and its vote drawn again', async () => {
    server = await startHanoiServer({ errorRate: 0 });
    const inner = server.answer;
    // The second choice of every 3-choice request is garbage.
    server.answer = async (prompt, ctx) => (ctx.choice === 1 ? 'I would rather not say.' : inner(prompt, ctx));
    const { session, samples } = await run('openai', 'batched');
    const step1 = samples.filter((s) => s.stepId === '1');
    assert.deepEqual(step1.map((s) => [s.seq, s.flags.map((f) => f.flagger)]), [[0, []], [1, ['format']], [2, []], [3, []]]);
    // Round 1: one request of 3 (one flagged), then one request for the missing vote.
    assert.deepEqual(server.requests.slice(0, 2).map((r) => (r.body as any).n), [3, undefined]);
    assert.equal(session.metrics.redFlags, STEPS);
    assert.equal(samples.filter((s) => s.flags.length === 0).length, STEPS * 3);
  });

  it('a server that ignores n: probed once, the missing votes drawn separately, the race never shrinks', async () => {
    server = await startHanoiServer({ errorRate: 0, ignoreN: true });
    const { samples } = await run('openai-compatible', 'batched');
    const ns = server.requests.map((r) => (r.body as any).n);
    assert.deepEqual(ns.slice(0, 3), [3, undefined, undefined], 'the probe, then the 2 missing votes of step 1 one by one');
    assert.ok(ns.slice(1).every((n) => n === undefined), 'never asked for n again');
    assert.equal(server.total, 1 + 2 + (STEPS - 1) * 3);
    for (const id of ['1', '4', '7']) assert.equal(samples.filter((s) => s.stepId === id && s.flags.length === 0).length, 3, `step ${id} had all 3 votes`);
  });
});

describe('sampling modes vote alike on the simulated model (seeded)', function () {
  this.timeout(120_000);
  const hanoi = getDomain(loadConfig(join(REPO_ROOT, 'config.yaml')), 'hanoi');
  const DISKS = 6;

  /** 200 single voted steps at an error rate of 0.25 and k = 2: samples per step and wrong winners. */
  async function measure(mode: SamplingMode): Promise<{ samplesPerStep: number; errors: number }> {
    let samples = 0;
    let errors = 0;
    const n = 200;
    for (let i = 1; i <= n; i++) {
      const t = (i * 37) % (2 ** DISKS - 1);
      const store = new MemorySessionStore({ keepSamples: false });
      const runner = new Runner({ store, llm: new SimulatedClient({ errorRate: 0.25, seed: i, choices: 8 }), clock: systemClock });
      const previous = t > 0 ? { move: moveNumber(DISKS, t), next_state: stateAfter(DISKS, t) } : undefined;
      const o: RunOverrides = { provider: 'simulated', disks: DISKS, k: 2, chainStart: { state: JSON.stringify(stateAfter(DISKS, t)), previous }, maxSteps: 1 };
      const domain = { ...hanoi, agents: { solver: { ...hanoi.agents.solver!, draws: mode } } };
      await runner.start({ id: `q-${mode}-${i}`, prompt: 'q', domain, options: engineOptions(domain, o), metadata: {} }, new AbortController().signal);
      const step = store.getSteps(`q-${mode}-${i}`)[0];
      samples += step.metrics.samplesRequested;
      const expected = outputKey({ move: moveNumber(DISKS, t + 1), next_state: stateAfter(DISKS, t + 1) });
      if (outputKey(step.output as HanoiOutput) !== expected) errors++;
    }
    return { samplesPerStep: samples / n, errors };
  }

  it('samples per step and wrong winners within noise of separate, for batched and after_first', async () => {
    const base = await measure('separate');
    assert.ok(base.errors > 0 && base.samplesPerStep > 2, `the error rate shows: ${JSON.stringify(base)}`);
    for (const mode of ['batched', 'after_first'] as const) {
      const m = await measure(mode);
      assert.ok(Math.abs(m.samplesPerStep - base.samplesPerStep) <= 0.15 * base.samplesPerStep, `${mode}: ${JSON.stringify(m)} vs separate ${JSON.stringify(base)}`);
      assert.ok(Math.abs(m.errors - base.errors) <= Math.max(4, 0.5 * base.errors), `${mode}: ${m.errors} wrong winners vs ${base.errors}`);
    }
  });
});
