// checkResumable (app/resumable.ts): the one rule every front end applies before resuming, on a
// real sql.js store. The order matters: the most specific reason is the one the user reads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isUserError } from '../../../src/app/errors';
import { checkResumable, ResumeRefused, type ResumeRefusal } from '../../../src/app/resumable';
import type { SessionStatus, WaitState } from '../../../src/engine/model';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { makeTempDir } from '../../support/fixtures';
import { makeSession } from '../../support/store-fixtures';

describe('app: checkResumable', () => {
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  const wait: WaitState = { stepId: 's1', trigger: 'step_by_step', details: 'd', at: '2026-01-01T00:00:00.000Z' };

  before(async () => {
    tmp = makeTempDir('mf-resumable-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    for (const status of ['running', 'paused', 'failed', 'cancelled', 'completed'] as SessionStatus[]) {
      store.createSession(makeSession(status, 'chain', { status, waitState: status === 'paused' ? wait : null }));
    }
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  function refusal(f: () => unknown): { reason: ResumeRefusal; message: string } {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof ResumeRefused, String(e));
      assert.ok(isUserError(e), 'a refusal is the user\'s mistake: exit 2, 400');
      return { reason: e.reason, message: e.message };
    }
    assert.fail('expected a refusal');
  }

  it('paused, failed and cancelled sessions resume, and the record is returned', () => {
    for (const id of ['paused', 'failed', 'cancelled']) assert.equal(checkResumable(store, id).id, id);
    assert.equal(checkResumable(store, 'paused', { decision: { action: 'approve' } }).status, 'paused');
  });

  it('an unknown session, with the front end\'s hint', () => {
    const r = refusal(() => checkResumable(store, 'nope', { words: { list: '`microfactory status` lists them' } }));
    assert.deepEqual(r, { reason: 'unknown', message: 'no session nope; `microfactory status` lists them' });
  });

  it('one this process runs, before anything the store says', () => {
    const r = refusal(() => checkResumable(store, 'paused', { runningHere: true, words: { here: 'this server' } }));
    assert.deepEqual(r, { reason: 'running_here', message: 'session paused is already running in this server' });
    // Even forced: force is for a dead process, not for a live run of our own.
    assert.equal(refusal(() => checkResumable(store, 'running', { runningHere: true, force: true })).reason, 'running_here');
  });

  it('a completed session, even forced', () => {
    assert.equal(refusal(() => checkResumable(store, 'completed')).reason, 'completed');
    assert.match(refusal(() => checkResumable(store, 'completed', { force: true })).message, /is completed; there is nothing to resume/);
  });

  it('a session stored as running only with force, naming how to force', () => {
    const r = refusal(() => checkResumable(store, 'running', { words: { force: 'resume with --force' } }));
    assert.equal(r.reason, 'stored_running');
    assert.match(r.message, /stored as running: another process .* may be running it; if that process died, resume with --force$/);
    assert.equal(checkResumable(store, 'running', { force: true }).id, 'running');
  });

  it('a decision only answers a pause', () => {
    for (const id of ['failed', 'cancelled']) {
      const r = refusal(() => checkResumable(store, id, { decision: { action: 'reject' } }));
      assert.deepEqual(r, { reason: 'not_paused', message: `'reject' answers a pause, but session ${id} is ${id}` });
    }
    // A forced resume of a crashed run has no pause to answer either.
    assert.equal(refusal(() => checkResumable(store, 'running', { force: true, decision: { action: 'approve' } })).reason, 'not_paused');
  });
});
