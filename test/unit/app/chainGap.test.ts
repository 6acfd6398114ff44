// A chain resumes from its first missing or discontinuous step (src/engine/chain/chainPosition.ts),
// not simply after its last stored one, and is never left "completed" with fewer steps than its
// total (src/engine/runner.ts): the real engine, the simulated model and the sql.js store.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AppDeps } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import { replaySession } from '../../../src/app/hanoiCheck';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';

describe('app: a chain with a hole in its stored steps', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let store: SqlSessionStore;
  let deps: AppDeps;
  const warnings: string[] = [];

  beforeEach(async () => {
    tmp = makeTempDir('mf-gap-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    warnings.length = 0;
    const log = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    deps = { store, resourceRoot: REPO_ROOT, log };
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  async function completedRun(): Promise<string> {
    const run = await startRun({ prompt: 'gap', domain: 'hanoi', disks: 6, provider: 'simulated', seed: 5 }, deps);
    assert.equal((await run.done).status, 'completed');
    return run.sessionId;
  }

  function assertWhole(id: string): void {
    const s = store.getSession(id)!;
    assert.equal(s.status, 'completed');
    assert.equal(store.countSteps(id, { parentId: null, status: 'completed' }), 63);
    assert.equal(s.metrics.stepsCompleted, 63);
    const check = replaySession(store, s);
    assert.deepEqual({ moves: check.moves, illegal: check.illegal, solved: check.solved }, { moves: 63, illegal: 0, solved: true });
  }

  it('a completed chain missing steps in the middle is not left completed: resume runs the missing ones', async () => {
    const id = await completedRun();
    store.deleteSteps(id, ['21', '22']); // indexes 20 and 21
    const out = await (await resumeRun(id, {}, deps)).done;
    assert.equal(out.status, 'completed');
    assertWhole(id);
    assert.ok(warnings.some((w) => w.includes('steps 21-22 are missing from the store; running again from step 21')), warnings.join('\n'));
  });

  it('a step left unfinished in the middle (its completion record lost) is run again alone: the stored steps after it are kept, not bought again', async () => {
    const id = await completedRun();
    const later = Array.from({ length: 63 - 31 }, (_, i) => store.getStep(id, String(32 + i))!);
    // As a damaged journal line leaves it: the step's earlier record (running, its paid samples) survives, its completion does not.
    store.putStep(id, { ...store.getStep(id, '31')!, status: 'running', phase: 'solve', output: undefined, winnerText: undefined });
    store.updateSession(id, { status: 'failed' });
    const out = await (await resumeRun(id, {}, deps)).done;
    assert.equal(out.status, 'completed');
    assertWhole(id);
    assert.deepEqual(later.map((st) => store.getStep(id, st.id)), later, 'the steps after the unfinished one were run again');
  });

  it('a step whose input does not follow from its predecessor is run again from the last state that did', async () => {
    const id = await completedRun();
    const bad = store.getStep(id, '31')!;
    store.putStep(id, { ...bad, input: store.getStep(id, '5')!.input });
    store.updateSession(id, { status: 'failed' });
    const out = await (await resumeRun(id, {}, deps)).done;
    assert.equal(out.status, 'completed');
    assertWhole(id);
    const before = store.getStep(id, '30')!;
    assert.equal(store.getStep(id, '31')!.input, JSON.stringify((before.output as { next_state: unknown }).next_state));
    assert.ok(warnings.some((w) => w.includes("step 31's input is not the state step 30 led to; running again from step 30")), warnings.join('\n'));
  });
});
