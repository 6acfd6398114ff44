import assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultStorePath, openStore, type SqlSessionStore } from '../../../src/store';
import { readDisk, sameStat, statDisk } from '../../../src/store/sql/snapshot';
import { chainStep, makeSession, samplesFor, tmpStoreFile, twoWritersPerTest } from '../../support/store-fixtures';

// Two store instances in one process behave like two processes (separate journals, one lock file),
// which makes the merge deterministic to test.
describe('store: merging checkpoints of two writers', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let a: SqlSessionStore;
  let b: SqlSessionStore;
  const opts = { checkpointIntervalMs: 0, reloadMinIntervalMs: 0 };

  twoWritersPerTest(opts, (w) => {
    ({ tmp, a, b } = w);
  });

  it('keeps both writers\' sessions whatever the order of their checkpoints', async () => {
    a.createSession(makeSession('A'));
    b.createSession(makeSession('B'));
    for (let i = 0; i < 50; i++) {
      a.putStep('A', chainStep(i));
      b.putStep('B', chainStep(i));
      if (i % 10 === 3) await a.flush();
      if (i % 10 === 7) await b.flush();
    }
    await a.flush();
    await b.flush();
    // each sees the other's session after its own checkpoint merged the file
    assert.equal(b.countSteps('A'), 50);
    assert.equal(b.countSteps('B'), 50);
    assert.equal(a.countSteps('B'), 48); // a last merged when B had 48 steps on disk...
    assert.equal(a.reloadIfChanged(), true);
    assert.equal(a.countSteps('B'), 50); // ...and picks up the rest on reload
    assert.equal(a.listSessions().length, 2);
  });

  it('merges row by row when both write the same session', async () => {
    a.createSession(makeSession('S'));
    await a.flush();
    assert.ok(b.reloadIfChanged());
    a.putStep('S', chainStep(0));
    b.putStep('S', chainStep(1));
    a.addSamples('S', samplesFor('step-0', 2));
    b.updateSession('S', { status: 'paused' });
    await a.flush();
    await b.flush(); // reloads a's file and replays its own records on top
    assert.deepEqual(b.getSteps('S').map((s) => s.index), [0, 1]);
    assert.equal(b.getSamples('S', 'step-0').length, 2);
    assert.equal(b.getSession('S')!.status, 'paused');
    await a.flush();
    assert.ok(a.reloadIfChanged() || a.countSteps('S') === 2);
    assert.equal(a.getSession('S')!.status, 'paused');
  });

  it('notifies change listeners when another writer checkpoints', async () => {
    let fired = 0;
    const off = a.onExternalChange(() => fired++);
    b.createSession(makeSession('B'));
    await b.flush();
    assert.equal(a.reloadIfChanged(), true);
    assert.equal(fired, 1);
    off();
    b.putStep('B', chainStep(0));
    await b.flush();
    assert.equal(a.reloadIfChanged(), true);
    assert.equal(fired, 1, 'unsubscribed');
  });

  it('notifies change listeners when its own checkpoint merged another writer\'s file (the poll would not see it again)', async () => {
    let fired = 0;
    const off = a.onExternalChange(() => fired++);
    try {
      a.createSession(makeSession('A'));
      b.createSession(makeSession('B'));
      b.updateSession('B', { status: 'paused' });
      await b.flush();
      await a.flush(); // reloads b's file under the lock, then writes its own
      assert.equal(a.getSession('B')!.status, 'paused');
      assert.equal(a.reloadIfChanged(), false, 'the file is known now: the poll sees nothing new');
      await new Promise((res) => setImmediate(res));
      assert.equal(fired, 1, 'the merge was news to the listeners');
    } finally {
      off();
    }
  });

  it('tells two checkpoints apart even when stat() cannot (coarse mtime, reused inode)', async () => {
    a.createSession(makeSession('A'));
    await a.flush();
    const first = statDisk(tmp.file)!;
    a.putStep('A', chainStep(0));
    await a.flush();
    const second = statDisk(tmp.file)!;
    assert.notEqual(first.stamp, 0);
    assert.notEqual(first.stamp, second.stamp);
    assert.equal(sameStat({ ...second, ino: first.ino, size: first.size, mtimeMs: first.mtimeMs }, first), false);
  });

  it('reads a checkpoint\'s bytes and stat as one version, and no file as null', async () => {
    a.createSession(makeSession('A'));
    await a.flush();
    const disk = readDisk(tmp.file)!;
    assert.equal(Buffer.from(disk.bytes.subarray(0, 15)).toString('latin1'), 'SQLite format 3');
    assert.equal(sameStat(disk.stat, statDisk(tmp.file)), true);
    assert.equal(statDisk(`${tmp.file}.none`), null);
    assert.equal(readDisk(`${tmp.file}.none`), null);
    assert.throws(() => readDisk(tmp.dir), /EISDIR/, 'a failure other than "no file" is not swallowed');
  });

  it('serializes concurrent flushes', async () => {
    a.createSession(makeSession('A'));
    await Promise.all([a.flush(), a.flush(), b.flush(), a.close()]);
    const again = await openStore(tmp.file, opts);
    assert.ok(again.getSession('A'));
    await again.close();
  });
});

describe('store: default path', () => {
  it('uses $MICROFACTORY_HOME, else ~/.microfactory', () => {
    const tmp = tmpStoreFile();
    try {
      const home = path.join(tmp.dir, 'mf-home');
      assert.equal(defaultStorePath({ MICROFACTORY_HOME: home }), path.join(home, 'sessions.sqlite3'));
      assert.ok(require('node:fs').existsSync(home));
      assert.equal(defaultStorePath({}, tmp.dir), path.join(tmp.dir, '.microfactory', 'sessions.sqlite3'));
      assert.equal(defaultStorePath({ MICROFACTORY_HOME: ' ' }, tmp.dir), path.join(tmp.dir, '.microfactory', 'sessions.sqlite3'));
    } finally {
      tmp.cleanup();
    }
  });
});
