// The app's run registry (app/runs.ts), which the CLI, serve and the extension all drive runs
// through: real startRun/resumeRun, the real sql.js store, the simulated model on Towers of Hanoi.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AppDeps, RunOutcome } from '../../../src/app/api';
import { ResumeRefused } from '../../../src/app/resumable';
import { Runs, RunsFull, type RunsOptions } from '../../../src/app/runs';
import { resumeRun, startRun } from '../../../src/app/session';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';

describe('app: the run registry', function () {
  this.timeout(30_000);
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  let deps: AppDeps;
  let finished: RunOutcome[];

  function registry(more: Partial<RunsOptions> = {}): Runs {
    return new Runs({ launcher: () => ({ startRun, resumeRun }), deps: () => deps, onFinished: (o) => finished.push(o), ...more });
  }
  /** A run slow enough to be seen running: 63 steps at 20 ms a call. */
  const slow = { prompt: 'hanoi', domain: 'hanoi', provider: 'simulated', disks: 6, latencyMs: 20 };
  const quick = { prompt: 'hanoi', domain: 'hanoi', provider: 'simulated', disks: 3, errorRate: 0 };

  async function refused(p: Promise<unknown>): Promise<ResumeRefused> {
    const e = await p.then(() => assert.fail('expected a refusal'), (err: unknown) => err);
    assert.ok(e instanceof ResumeRefused, String(e));
    return e;
  }

  before(async () => {
    tmp = makeTempDir('mf-runs-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    deps = { store, resourceRoot: REPO_ROOT };
  });
  beforeEach(() => (finished = []));
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('starts a run, knows it runs here until it ends, then reports its outcome once', async () => {
    const runs = registry();
    const h = await runs.start(quick);
    assert.ok(runs.isRunning(h.sessionId));
    assert.deepEqual(runs.list(), [h.sessionId]);
    const out = await runs.outcome(h.sessionId)!;
    assert.equal(out.status, 'completed');
    await new Promise((r) => setImmediate(r));
    assert.equal(runs.isRunning(h.sessionId), false);
    assert.deepEqual(runs.list(), []);
    assert.equal(runs.outcome(h.sessionId), undefined);
    assert.deepEqual(finished, [out]);
    assert.equal(store.getSession(h.sessionId)!.status, 'completed');
  });

  it('cancels a run of this process (saved as cancelled), and resumes it to the end', async () => {
    const runs = registry();
    const h = await runs.start(slow);
    assert.equal(runs.cancel('not-here'), false);
    assert.equal(runs.cancel(h.sessionId), true);
    const out = await h.done;
    assert.equal(out.status, 'cancelled');
    assert.equal(store.getSession(h.sessionId)!.status, 'cancelled');
    const again = await runs.resume(h.sessionId, { latencyMs: 0 });
    assert.equal((await again.done).status, 'completed');
    assert.equal(store.getSession(h.sessionId)!.metrics.stepsCompleted, 63);
  });

  it('refuses a second run of a session this process runs, even when two resumes race', async () => {
    const runs = registry();
    const h = await runs.start(slow);
    assert.equal((await refused(runs.resume(h.sessionId, {}, true))).reason, 'running_here');
    runs.cancel(h.sessionId);
    await h.done;
    await new Promise((r) => setImmediate(r));
    // Both ask before either has a handle: the id is reserved by the first.
    const [a, b] = await Promise.allSettled([runs.resume(h.sessionId), runs.resume(h.sessionId)]);
    assert.equal(a.status, 'fulfilled');
    assert.equal(b.status, 'rejected');
    assert.equal((b as PromiseRejectedResult).reason.reason, 'running_here');
    runs.cancel(h.sessionId);
    await (a as PromiseFulfilledResult<{ done: Promise<RunOutcome> }>).value.done;
  });

  it('a paused run ends with its wait state, and a resume that answers it goes on', async () => {
    const runs = registry();
    const h = await runs.start({ ...quick, stepByStep: true });
    const out = await h.done;
    assert.equal(out.status, 'paused');
    assert.equal(out.waitState!.trigger, 'step_by_step');
    assert.deepEqual(store.getSession(h.sessionId)!.waitState, out.waitState);
    const next = await (await runs.resume(h.sessionId, { decision: { action: 'approve' } })).done;
    assert.ok(['paused', 'completed'].includes(next.status), next.status);
    assert.ok(store.getSession(h.sessionId)!.metrics.stepsCompleted >= 1);
  });

  it('refuses what checkResumable refuses, before anything runs', async () => {
    const runs = registry();
    assert.equal((await refused(runs.resume('nope'))).reason, 'unknown');
    const done = await (await runs.start(quick)).done;
    assert.equal((await refused(runs.resume(done.sessionId))).reason, 'completed');
    assert.equal(runs.count, 0);
  });

  it('past maxRuns a start is refused with RunsFull', async () => {
    const runs = registry({ maxRuns: 1 });
    const h = await runs.start(slow);
    const e = await runs.start(slow).catch((err: unknown) => err);
    assert.ok(e instanceof RunsFull && e.running === 1 && e.max === 1, String(e));
    runs.cancel(h.sessionId);
    await h.done;
  });

  it('cancelAll cancels the runs going and one launched while it waits', async () => {
    const runs = registry();
    const a = await runs.start(slow);
    const launching = runs.start(slow);
    await runs.cancelAll(5000);
    const b = await launching;
    assert.equal((await a.done).status, 'cancelled');
    assert.equal((await b.done).status, 'cancelled');
  });
});
