// A session row's `extra` JSON holds the lease (a run's heartbeat) and the damage note: two owners,
// one writer (src/store/sql/sessionExtra.ts), so a heartbeat never drops a note and a note never
// drops a lease, live, after a reopen, and after one of them is cleared.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SessionLease } from '../../../src/engine/model';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/cliRun';
import { walk } from '../../support/moduleImports';
import { makeSession, tmpStoreFile } from '../../support/store-fixtures';

const lease = (at: string): SessionLease => ({ pid: 4242, host: 'h', token: 't', heartbeatAt: at });

describe('store: one writer of a session row\'s extra JSON', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let store: SqlSessionStore;
  beforeEach(async () => {
    tmp = tmpStoreFile();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    store.createSession(makeSession('s1'));
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('the lease and the damage note are written one at a time and keep each other', async () => {
    store.updateSession('s1', { lease: lease('2026-01-01T00:00:00.000Z') });
    store.updateSession('s1', { damage: 'segment file 0001.seg is missing' });
    store.updateSession('s1', { lease: lease('2026-01-01T00:00:05.000Z') }); // a heartbeat
    store.updateSession('s1', { damage: '3 of 10 completed steps lost' });
    let s = store.getSession('s1')!;
    assert.equal(s.lease?.heartbeatAt, '2026-01-01T00:00:05.000Z');
    assert.equal(s.damage, 'segment file 0001.seg is missing; 3 of 10 completed steps lost');

    await store.close();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    s = store.getSession('s1')!;
    assert.equal(s.lease?.pid, 4242);
    assert.match(s.damage ?? '', /completed steps lost/);

    store.updateSession('s1', { lease: null });
    s = store.getSession('s1')!;
    assert.equal(s.lease, undefined);
    assert.match(s.damage ?? '', /0001\.seg/);
    store.updateSession('s1', { damage: null });
    s = store.getSession('s1')!;
    assert.ok(!('damage' in s) && !('lease' in s), JSON.stringify(s));
  });

  it('no other file under src/store writes the extra column of sessions', () => {
    const store = path.join(REPO_ROOT, 'src', 'store');
    const writer = path.join(store, 'sql', 'sessionExtra.ts');
    const writes = walk(store)
      .filter((f) => f !== writer)
      .filter((f) => /UPDATE sessions SET[^`'"]*\bextra\b|set\(\s*'extra'/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    assert.deepEqual(writes, []);
    assert.match(readFileSync(writer, 'utf8'), /UPDATE sessions SET extra/);
  });
});
