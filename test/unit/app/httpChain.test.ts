// The Hanoi chain over real HTTP: the official openai SDK (openai-compatible provider) against
// a local server that solves Hanoi with an error rate, through retries of injected faults, and
// with an API key that must never reach the store, the events or the JSON output.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '../../../src/engine/events';
import type { AppDeps } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import { replaySession } from '../../../src/app/hanoiCheck';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';

const KEY = 'sk-mf-test-SECRET-0123456789abcdef';

describe('hanoi chain over HTTP (openai-compatible)', function () {
  this.timeout(120_000);
  let server: LlmServer;
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;

  beforeEach(async () => {
    tmp = makeTempDir('mf-http-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
  });

  afterEach(async () => {
    await store.close();
    await server?.close();
    tmp.cleanup();
  });

  it('completes 6 disks (63 steps) with votes against a 2 % error rate, through 429 and 500 faults', async () => {
    server = await startHanoiServer({ errorRate: 0.02, seed: 11 });
    server.injectFaults({ type: 'rate_limit', retryAfterMs: 50 }, { type: 'server_error', status: 500 }, { type: 'overloaded' });
    const events: EngineEvent[] = [];
    const deps: AppDeps = { store, resourceRoot: REPO_ROOT, onEvent: (e) => events.push(e) };
    const run = await startRun(
      { prompt: 'hanoi over http', domain: 'hanoi', disks: 6, provider: 'openai-compatible', baseUrl: server.baseUrl('openai'), apiKey: KEY, model: 'local-hanoi', maxConcurrentLlm: 4 },
      deps,
    );
    const out = await run.done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const session = store.getSession(run.sessionId)!;
    assert.equal(session.metrics.stepsCompleted, 63);
    const check = replaySession(store, session);
    assert.deepEqual({ moves: check.moves, illegal: check.illegal, solved: check.solved }, { moves: 63, illegal: 0, solved: true });
    assert.equal(server.pendingFaults(), 0, 'every fault was served and retried');
    // The shipped hanoi domain draws after_first: a clean step is 2 requests (the T=0 vote, then 2 choices at 0.1).
    assert.ok(server.total >= 63 * 2 + 3);
    // Every request carried the key, the model, temperature and max_tokens, and the schedule 0 then 0.1.
    const bodies = server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as Record<string, unknown>);
    assert.ok(server.requests.every((r) => String(r.headers.authorization) === `Bearer ${KEY}`));
    assert.ok(bodies.every((b) => b.model === 'local-hanoi' && typeof b.max_tokens === 'number'));
    assert.deepEqual([...new Set(bodies.map((b) => b.temperature))].sort(), [0, 0.1]);
    assert.ok(session.metrics.tokensIn > 0 && session.metrics.tokensOut > 0);

    // The key is nowhere in what we keep or show.
    await store.flush();
    for (const f of walk(tmp.path)) assert.ok(!readFileSync(f).includes(KEY), `key found in ${f}`);
    assert.ok(!JSON.stringify(events).includes(KEY), 'key found in events');
    assert.ok(!JSON.stringify(store.listSessions()).includes(KEY), 'key found in session metadata');
  });

  it('pauses (not fails) on a long rate limit, then resumes without redoing finished steps', async () => {
    server = await startHanoiServer({ errorRate: 0 });
    // After three finished steps, every call meets a 429 whose retry-after is far past the cap.
    const deps: AppDeps = {
      store,
      resourceRoot: REPO_ROOT,
      onEvent: (e) => {
        if (e.type === 'step_completed' && e.step.index === 2) server.injectFaults(...Array.from({ length: 3 }, () => ({ type: 'rate_limit' as const, retryAfter: 3600 })));
      },
    };
    const run = await startRun(
      { prompt: 'hanoi over http', domain: 'hanoi', disks: 3, provider: 'openai-compatible', baseUrl: server.baseUrl('openai'), apiKey: KEY, timeoutMs: 2000 },
      deps,
    );
    const out = await run.done;
    assert.equal(out.status, 'paused', JSON.stringify(out));
    assert.equal(out.waitState?.trigger, 'rate_limited');
    assert.match(out.waitState!.details, /resume/i);
    const done = store.getSession(run.sessionId)!.metrics.stepsCompleted;
    assert.equal(done, 3);
    server.reset();
    const resumed = await (await resumeRun(run.sessionId, {}, { store, resourceRoot: REPO_ROOT })).done;
    assert.equal(resumed.status, 'completed', JSON.stringify(resumed));
    assert.equal(replaySession(store, store.getSession(run.sessionId)!).solved, true);
    // Only the steps left after the pause were sampled again (3 samples each at 0 % error, in 2 requests: after_first).
    assert.equal(server.total, (7 - done) * 2);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
