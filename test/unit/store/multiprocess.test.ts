import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { openStore } from '../../../src/store';
import { chainStep, forkStoreChild, makeSession, type StoreChildMsg as Msg, tmpStoreFile } from '../../support/store-fixtures';

function runChild(args: Record<string, unknown>): { child: ChildProcess; done: Promise<Msg['stats']> } {
  const child = forkStoreChild(args);
  const done = new Promise<Msg['stats']>((resolve, reject) => {
    let finished: Msg | undefined;
    child.on('message', (m: Msg) => {
      if (m.error) reject(new Error(m.error));
      if (m.done) finished = m;
    });
    child.on('exit', (code) => (finished && code === 0 ? resolve(finished.stats) : reject(new Error(`child ${String(args.sessionId)} exited with ${code}`))));
  });
  return { child, done };
}

describe('store: two processes on one file', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tmpStoreFile>;
  beforeEach(() => (tmp = tmpStoreFile()));
  afterEach(() => tmp.cleanup());

  it('neither loses the other\'s sessions, and a third sees both live', async () => {
    // A reader (think: the extension) opens first and writes a session of its own.
    const reader = await openStore(tmp.file, { checkpointIntervalMs: 30, reloadMinIntervalMs: 0 });
    reader.createSession(makeSession('mine', 'tree'));
    let changes = 0;
    const unsubscribe = reader.onExternalChange(() => changes++);

    // Two writers (think: two CLI runs) checkpoint often, so their checkpoints interleave and merge.
    const common = { steps: 2000, batch: 20, checkpointIntervalMs: 15, checkpointBytes: 64 * 1024, chain: { segmentSteps: 400, recentSteps: 100 } };
    const a = runChild({ ...common, file: tmp.file, sessionId: 'A' });
    const b = runChild({ ...common, file: tmp.file, sessionId: 'B' });
    reader.putStep('mine', chainStep(0));
    const stats = await Promise.all([a.done, b.done]);
    // Their checkpoints did interleave: each found the other's file newer and merged into it.
    assert.ok(stats.every((st) => st!.checkpoints > 1), JSON.stringify(stats));
    assert.ok(stats.some((st) => st!.reloads > 0), JSON.stringify(stats));

    assert.ok(reader.reloadIfChanged() || changes > 0, 'the reader noticed the writers');
    assert.deepEqual(reader.listSessions().map((s) => s.id).sort(), ['A', 'B', 'mine']);
    assert.equal(reader.getSession('A')!.status, 'completed');
    unsubscribe();
    await reader.close();

    const fresh = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      assert.deepEqual(fresh.listSessions().map((s) => s.id).sort(), ['A', 'B', 'mine']);
      for (const id of ['A', 'B']) {
        assert.equal(fresh.countSteps(id), 2000, `all steps of ${id}`);
        assert.equal(fresh.lastCompletedChainStep(id)!.index, 1999);
        assert.deepEqual(fresh.getSteps(id, { offset: 1198, limit: 4 }).map((s) => s.index), [1198, 1199, 1200, 1201]);
        assert.deepEqual(fresh.getStep(id, `${id}-777`), chainStep(777, { id: `${id}-777` }));
      }
      assert.equal(fresh.countSteps('mine'), 1);
    } finally {
      await fresh.close();
    }
  });

  it('a store picks up another process\'s writes on list/get (rate-limited reload)', async () => {
    const reader = await openStore(tmp.file, { checkpointIntervalMs: 0, reloadMinIntervalMs: 0 });
    try {
      assert.deepEqual(reader.listSessions(), []);
      const w = runChild({ file: tmp.file, sessionId: 'W', steps: 50, batch: 50 });
      await w.done;
      assert.deepEqual(reader.listSessions().map((s) => s.id), ['W']);
      assert.equal(reader.countSteps('W'), 50);
      assert.equal(reader.reloadIfChanged(), false, 'nothing new since');
    } finally {
      await reader.close();
    }
  });
});
