// checkResumable (app/resumable.ts): the one rule every front end applies before resuming, on a
// real sql.js store. The order matters: the most specific reason is the one the user reads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { isUserError } from '../../../src/app/errors';
import { sessionSummaryJson } from '../../../src/app/json';
import { displayState, newLease, STALE_MS, statusText } from '../../../src/app/lease';
import { checkResumable, ResumeRefused, type ResumeRefusal } from '../../../src/app/resumable';
import type { SessionLease, SessionStatus, WaitState } from '../../../src/engine/model';
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

  it('a session stored as running with no lease (an older version ran it) is taken over without force', () => {
    assert.equal(checkResumable(store, 'running').id, 'running');
  });

  describe('the lease of another process', () => {
    const now = Date.parse('2026-06-01T12:00:00.000Z');
    const at = (msAgo: number) => new Date(now - msAgo).toISOString();
    // The parent process (mocha's launcher or the shell) is alive and is not this process.
    const live: SessionLease = { pid: process.ppid, host: hostname(), token: 'another-process', heartbeatAt: at(1_000) };
    function leased(id: string, lease: SessionLease): string {
      store.createSession(makeSession(id, 'chain', { status: 'running', lease }));
      return id;
    }

    it('live (fresh heartbeat, pid alive on this host): refused naming pid and host, unless forced', () => {
      const id = leased('live', live);
      const r = refusal(() => checkResumable(store, id, { now, words: { force: 'resume with --force' } }));
      assert.equal(r.reason, 'running_elsewhere');
      assert.equal(r.message, `session live is running in pid ${process.ppid} on ${hostname()} (heartbeat 1s ago); if that process is gone, resume with --force`);
      assert.equal(checkResumable(store, id, { now, force: true }).id, id);
      // A paused session whose lease is live (a resume elsewhere took it a moment ago) too.
      store.createSession(makeSession('live-paused', 'chain', { status: 'paused', waitState: wait, lease: live }));
      assert.equal(refusal(() => checkResumable(store, 'live-paused', { now })).reason, 'running_elsewhere');
    });

    it('another host with a fresh heartbeat is live (its pids cannot be checked from here)', () => {
      const id = leased('far', { ...live, host: `${hostname()}-elsewhere`, pid: 999_999_999 });
      assert.equal(refusal(() => checkResumable(store, id, { now })).reason, 'running_elsewhere');
    });

    it('stale: an old heartbeat (any host), or a dead pid on this host, is taken over without force', () => {
      const old = leased('old', { ...live, host: `${hostname()}-elsewhere`, heartbeatAt: at(STALE_MS + 1) });
      assert.equal(checkResumable(store, old, { now }).id, old);
      assert.equal(refusal(() => checkResumable(store, old, { now: now - 2 })).reason, 'running_elsewhere', 'just under the threshold it is live');
      const dead = leased('dead', { ...live, pid: 999_999_999 });
      assert.equal(checkResumable(store, dead, { now }).id, dead);
    });

    it('a leftover lease of this very process (its token) never blocks it', () => {
      const id = leased('ours', { ...newLease(now), heartbeatAt: at(1_000) });
      assert.equal(checkResumable(store, id, { now }).id, id);
    });

    it('status tells the two apart: running (pid N) for a live lease, interrupted for a stale one or none', () => {
      const s = (id: string) => store.getSession(id)!;
      assert.equal(statusText(s('live'), now), `running (pid ${process.ppid})`);
      assert.equal(displayState(s('live'), now), 'running');
      assert.equal(statusText(s('old'), now), 'interrupted');
      assert.equal(statusText(s('dead'), now), 'interrupted');
      assert.equal(statusText(s('running'), now), 'interrupted');
      assert.equal(statusText(s('paused'), now), 'paused');
      assert.deepEqual(sessionSummaryJson(s('dead')).owner, { pid: 999_999_999, host: hostname(), heartbeat_at: live.heartbeatAt, live: false });
      assert.equal(sessionSummaryJson(s('dead')).status, 'running', 'the stored status stays as it was, for old readers');
      assert.equal(sessionSummaryJson(s('dead')).state, 'interrupted');
      assert.equal(sessionSummaryJson(s('running')).owner, null);
    });
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
