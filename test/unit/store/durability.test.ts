import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { openStore, StoreCorruptError } from '../../../src/store';
import { chainStep, forkStoreChild, makeSession, type StoreChildMsg as Msg, tmpStoreFile } from '../../support/store-fixtures';

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('store: durability', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tmpStoreFile>;
  beforeEach(() => (tmp = tmpStoreFile()));
  afterEach(() => tmp.cleanup());

  it('keeps every step a SIGKILLed writer reported as written', async () => {
    const child = forkStoreChild({ file: tmp.file, sessionId: 'crash', steps: 1_000_000, batch: 25, checkpointIntervalMs: 40, chain: { segmentSteps: 300, recentSteps: 50 } });
    let reported = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m: Msg) => {
        if (m.error) reject(new Error(m.error));
        if (m.written !== undefined) reported = m.written;
        // Kill it mid-flight, after several checkpoints and seals have happened.
        if (reported >= 2000 && child.signalCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code, sig) => sig === null && reject(new Error(`child exited early (${code})`)));
    });
    await exited(child);
    assert.ok(fs.readdirSync(tmp.dir).some((f) => f.includes('.journal-')), 'the dead writer left a journal');

    const store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      const n = store.countSteps('crash');
      assert.ok(n >= reported, `found ${n} steps, the child reported ${reported}`);
      assert.equal(store.lastCompletedChainStep('crash')!.index, n - 1);
      // every reported step, sealed or not, reads back intact
      for (const i of [0, 1, 299, 300, 1234, reported - 1]) assert.deepEqual(store.getStep('crash', `crash-${i}`), chainStep(i, { id: `crash-${i}` }));
      assert.equal(store.getSamples('crash', `crash-${reported - 1}`).length, 3);
    } finally {
      await store.close();
    }
    // the adopted journal was checkpointed and removed
    assert.equal(fs.readdirSync(tmp.dir).filter((f) => f.includes('.journal-')).length, 0);
  });

  it('ignores a torn last journal line and skips bad lines', async () => {
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    store.createSession(makeSession('c'));
    await store.close();
    // A journal left by a writer that died mid-append (our pid, but a tag no open store has).
    const ops = [0, 1, 2].map((i) => JSON.stringify({ o: 'ps', s: 'c', v: chainStep(i) }));
    const torn = JSON.stringify({ o: 'ps', s: 'c', v: chainStep(3) }).slice(0, 40);
    const lines = [ops[0], '{"o":"ps", garbage', ops[1], ops[2], torn];
    fs.writeFileSync(`${tmp.file}.journal-${process.pid}-deadbeef-000000`, lines.join('\n'));

    const again = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      assert.equal(again.countSteps('c'), 3);
      assert.deepEqual(again.getStep('c', 'step-2'), chainStep(2));
    } finally {
      await again.close();
    }
    assert.equal(fs.readdirSync(tmp.dir).filter((f) => f.includes('.journal-')).length, 0);
  });

  it('never replays a journal the DB file already covers (crash between rename and delete)', async () => {
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    store.createSession(makeSession('c'));
    for (let i = 0; i < 10; i++) store.putStep('c', chainStep(i));
    const journal = fs.readdirSync(tmp.dir).find((f) => f.includes('.journal-'))!;
    const saved = fs.readFileSync(`${tmp.dir}/${journal}`);
    await store.flush(); // covers and deletes that journal
    store.deleteSteps('c', ['step-5']);
    await store.close();
    fs.writeFileSync(`${tmp.dir}/${journal}`, saved); // as if the delete never happened

    const again = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      assert.equal(again.getStep('c', 'step-5'), undefined, 'the old journal was not replayed over newer state');
      assert.equal(again.countSteps('c'), 9);
      assert.equal(again.stats().journalsAdopted, 0);
    } finally {
      await again.close();
    }
    assert.equal(fs.existsSync(`${tmp.dir}/${journal}`), false);
  });

  it('moves a corrupt DB file aside with a clear error, never deleting it', async () => {
    fs.writeFileSync(tmp.file, 'this is not a database, but somebody cares about it');
    await assert.rejects(openStore(tmp.file), (err: unknown) => {
      assert.ok(err instanceof StoreCorruptError);
      assert.match(err.message, /moved aside to .*\.corrupt-/);
      assert.equal(fs.readFileSync(err.movedTo, 'utf8'), 'this is not a database, but somebody cares about it');
      return true;
    });
    assert.equal(fs.existsSync(tmp.file), false);
    // the next open starts a new store
    const store = await openStore(tmp.file);
    assert.deepEqual(store.listSessions(), []);
    await store.close();
  });

  it('detects a truncated DB file, and can recreate when asked', async () => {
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    store.createSession(makeSession('c'));
    for (let i = 0; i < 500; i++) store.putStep('c', chainStep(i));
    await store.close();
    const bytes = fs.readFileSync(tmp.file);
    fs.writeFileSync(tmp.file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const logged: string[] = [];
    const log = { debug() {}, info() {}, warn() {}, error: (m: string) => logged.push(m) };
    const fresh = await openStore(tmp.file, { onCorrupt: 'recreate', log });
    try {
      assert.equal(fresh.getSession('c'), undefined);
      assert.match(logged.join('\n'), /moved aside/);
      assert.equal(fs.readdirSync(tmp.dir).filter((f) => f.includes('.corrupt-')).length, 1);
    } finally {
      await fresh.close();
    }
  });

  it('writes checkpoints atomically: no temp files are left behind', async () => {
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, checkpointBytes: 4096 });
    store.createSession(makeSession('c'));
    for (let i = 0; i < 300; i++) store.putStep('c', chainStep(i));
    await store.close();
    // 300 steps are past the recent window: the old ones went to a segment file, also written atomically.
    assert.deepEqual(fs.readdirSync(tmp.dir).sort(), ['sessions.sqlite3', 'sessions.sqlite3.segments']);
    const segments = fs.readdirSync(`${tmp.file}.segments`, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(segments.length > 0);
    for (const e of segments) assert.match(e.name, /^\d{6}-[0-9a-z]+-[0-9a-f]+\.seg\.gz$/, `unexpected file ${e.name}`);
  });
});
