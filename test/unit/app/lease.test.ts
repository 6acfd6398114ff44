// The lease a run holds (app/lease.ts) on a real sql.js store: the heartbeat refreshes it on a
// timer, the release clears it, and neither touches a lease another process has forced away.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HeldLease, isOurs, newLease } from '../../../src/app/lease';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { makeTempDir } from '../../support/fixtures';
import { makeSession } from '../../support/store-fixtures';

describe('app: a held lease', () => {
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeEach(async () => {
    tmp = makeTempDir('mf-lease-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('the heartbeat moves forward on its timer, and release clears the lease (also for other processes)', async () => {
    const old = new Date(Date.now() - 60_000).toISOString();
    store.createSession(makeSession('s', 'chain', { lease: { ...newLease(), heartbeatAt: old } }));
    const held = new HeldLease(store, 's', undefined, 20);
    await sleep(80);
    const beat = store.getSession('s')!.lease!;
    assert.ok(isOurs(beat));
    assert.ok(Date.parse(beat.heartbeatAt) > Date.parse(old), 'the heartbeat was refreshed');
    held.release();
    assert.equal(store.getSession('s')!.lease, undefined);
    await sleep(60);
    assert.equal(store.getSession('s')!.lease, undefined, 'no heartbeat after the release');
    // Another process reading the file sees the lease gone once the store checkpoints.
    await store.flush();
    const other = await openStore(join(tmp.path, 'sessions.sqlite3'));
    try {
      assert.equal(other.getSession('s')!.lease, undefined);
    } finally {
      await other.close();
    }
  });

  it('a lease another process forced away is neither refreshed nor cleared', async () => {
    store.createSession(makeSession('s', 'chain', { lease: newLease() }));
    const held = new HeldLease(store, 's', undefined, 20);
    const theirs = { pid: 4242, host: 'elsewhere', token: 'another-process', heartbeatAt: new Date().toISOString() };
    store.updateSession('s', { lease: theirs });
    await sleep(60);
    held.release();
    assert.deepEqual(store.getSession('s')!.lease, theirs);
  });
});
