// GET /sessions leaves archived sessions out unless asked (?all=1), as `status` and `status --all`.
import assert from 'node:assert/strict';
import { setArchived } from '../../../src/app/sessionAdmin';
import { HttpError } from '../../../src/serve/http';
import { sessionLister } from '../../../src/serve/reads';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { makeSession, tmpStoreFile } from '../../support/store-fixtures';

describe('serve: archived sessions in GET /sessions', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let store: SqlSessionStore;
  beforeEach(async () => {
    tmp = tmpStoreFile();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    store.createSession(makeSession('SHOWN', 'chain', { status: 'completed', updatedAt: '2026-02-01T00:00:00.000Z' }));
    store.createSession(makeSession('HIDDEN', 'chain', { status: 'completed', updatedAt: '2026-01-01T00:00:00.000Z' }));
    await setArchived(store, 'HIDDEN', true);
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  const ids = (query: string) => sessionLister(store, new URLSearchParams(query), 25)().sessions.map((s) => [s.session_id, s.archived]);

  it('hides them by default, lists them with all=1 (also with a status filter), and rejects a bad value', () => {
    assert.deepEqual(ids(''), [['SHOWN', false]]);
    assert.deepEqual(ids('all=1'), [['SHOWN', false], ['HIDDEN', true]]);
    assert.deepEqual(ids('status=completed'), [['SHOWN', false]]);
    assert.deepEqual(ids('status=completed&all=1'), [['SHOWN', false], ['HIDDEN', true]]);
    assert.throws(() => ids('all=maybe'), (e: unknown) => e instanceof HttpError && e.status === 400);
  });
});
