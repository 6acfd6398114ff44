// A race paused by provider errors keeps the valid answers it already paid for: they are stored with
// the paused step, and `resume` goes on with them (they count in the tally) instead of buying them
// again. Real HTTP: the openai SDK against the local Hanoi server, whose 4th step answers twice and
// then fails with a 500 on every request until the outage ends (retried, then a provider_error pause).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resumeRun, startRun } from '../../../src/app/session';
import { replaySession } from '../../../src/app/hanoiCheck';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';

describe('a provider-error pause keeps its valid samples', function () {
  this.timeout(120_000);
  let server: LlmServer;
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;

  beforeEach(async () => {
    tmp = makeTempDir('mf-provider-pause-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    server = await startHanoiServer({ errorRate: 0 });
  });

  afterEach(async () => {
    await store.close();
    await server.close();
    tmp.cleanup();
  });

  it('resume counts the 2 answers paid before the pause and buys only the vote still missing', async () => {
    // Step 4's prompt is the 4th distinct one: its first 2 requests are answered, every later one
    // fails (a 500 from the server) while the outage lasts.
    const inner = server.answer;
    const prompts: string[] = [];
    let step4Answers = 0;
    let outage = true;
    server.answer = async (prompt, ctx) => {
      if (!prompts.includes(prompt)) prompts.push(prompt);
      if (prompts.indexOf(prompt) === 3 && outage && ++step4Answers > 2) throw new Error('provider outage');
      return inner(prompt, ctx);
    };
    // One request per vote, so the outage's request count reads as votes (n-sampling has its own tests: rounds.test.ts).
    const request = { prompt: 'hanoi', domain: 'hanoi', disks: 3, k: 3, provider: 'openai-compatible', baseUrl: server.baseUrl('openai'), apiKey: 'x', model: 'gpt-4.1-mini', sampling: 'separate' as const };
    const run = await startRun(request, { store, resourceRoot: REPO_ROOT });
    const paused = await run.done;
    assert.equal(paused.status, 'paused', JSON.stringify(paused));
    assert.equal(paused.waitState?.trigger, 'provider_error');
    assert.equal(paused.waitState?.stepId, '4');
    const kept = store.getSamples(run.sessionId, '4').filter((s) => s.flags.length === 0);
    assert.deepEqual(kept.map((s) => s.seq), [0, 1], 'the two valid answers are stored with the paused step');
    const before = server.total;
    const costBefore = store.getSession(run.sessionId)!.metrics.costUsd;
    assert.ok(costBefore > 0, 'the paused step\'s paid answers are in the totals');

    outage = false;
    const resumed = await (await resumeRun(run.sessionId, {}, { store, resourceRoot: REPO_ROOT })).done;
    assert.equal(resumed.status, 'completed', JSON.stringify(resumed));
    // Step 4 needed one more vote (2 stored + 1 drawn reach k = 3), steps 5-7 three each.
    assert.equal(server.total - before, 1 + 3 * 3, 'requests made by the resume');
    const step4 = store.getStep(run.sessionId, '4')!;
    assert.equal(step4.metrics.tally?.votes, 3);
    assert.equal(step4.metrics.tally?.rounds, 1, 'one round drawn after the resume');
    assert.deepEqual(store.getSamples(run.sessionId, '4').filter((s) => s.flags.length === 0).map((s) => s.seq), [0, 1, 2]);
    const session = store.getSession(run.sessionId)!;
    assert.equal(replaySession(store, session).solved, true);
    // Every sample paid for is counted once: 7 steps of 3 valid votes. The call that failed is no sample.
    assert.equal(session.metrics.samples, 7 * 3);
    assert.equal(step4.metrics.failedRequests, 1);
  });

  for (const [what, fault, words] of [
    ['a rejected key (401)', { type: 'unauthorized' as const }, /rejected the API key \(HTTP 401\): set OPENAI_COMPATIBLE_API_KEY .* or pass --api-key, then resume the session/],
    ['a refused request (400)', { type: 'error' as const, status: 400, message: 'chaos: this request is refused' }, /rejected the request for model gpt-4\.1-mini \(HTTP 400\): chaos: this request is refused\. Fix .* then resume the session/],
  ] as const) {
    it(`${what} pauses the session (provider_error, naming the server and the fix), and resume buys nothing twice`, async () => {
      // Step 4's first 2 requests are answered, the 3rd is refused; after the fix nothing is refused.
      // One request per vote, so the refusal falls on a single vote (an n request refused with a
      // 400 is asked again once for one choice: llm/choiceMemory.ts).
      const prompts: string[] = [];
      let step4 = 0;
      let refusing = true;
      const refuser = await startHanoiServer({
        errorRate: 0,
        faultPolicy: (req) => {
          const prompt = req.prompt ?? '';
          if (!prompts.includes(prompt)) prompts.push(prompt);
          return prompts.indexOf(prompt) === 3 && refusing && ++step4 > 2 ? fault : undefined;
        },
      });
      try {
        const request = { prompt: 'hanoi', domain: 'hanoi', disks: 3, k: 3, provider: 'openai-compatible', baseUrl: refuser.baseUrl('openai'), apiKey: 'x', model: 'gpt-4.1-mini', sampling: 'separate' as const };
        const run = await startRun(request, { store, resourceRoot: REPO_ROOT });
        const paused = await run.done;
        assert.equal(paused.status, 'paused', JSON.stringify(paused));
        assert.equal(paused.waitState?.trigger, 'provider_error');
        assert.equal(paused.waitState?.stepId, '4');
        assert.match(paused.waitState?.details ?? '', words);
        assert.ok(paused.waitState!.details.includes(refuser.baseUrl('openai')), paused.waitState!.details);
        const before = refuser.total;
        refusing = false;
        const resumed = await (await resumeRun(run.sessionId, {}, { store, resourceRoot: REPO_ROOT })).done;
        assert.equal(resumed.status, 'completed', JSON.stringify(resumed));
        // Step 4 keeps its 2 paid answers and draws 1; steps 5-7 three each.
        assert.equal(refuser.total - before, 1 + 3 * 3, 'requests made by the resume');
        const session = store.getSession(run.sessionId)!;
        assert.equal(replaySession(store, session).solved, true);
        assert.equal(session.metrics.samples, 7 * 3, 'the refused call is no sample');
      } finally {
        await refuser.close();
      }
    });
  }
});
