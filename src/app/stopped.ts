// Sessions no process runs can still be ended by their user: a paused session (or one waiting
// on the provider) is cancelled in the store, with the wait state a cancelled run gets. Nothing
// is decided by it: a tree step keeps its own question (StepRecord.wait) and asks it again on a
// later resume; a chain step that was not completed is run again.
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { foreignLiveLease } from './lease';
import { UsageError } from './options';

/** Under the store's cross-process lock when it has one, so a resume elsewhere cannot slip in between. */
export async function cancelStopped(store: SessionStore, sessionId: string, now = Date.now()): Promise<SessionRecord> {
  return store.exclusive ? store.exclusive(() => cancel(store, sessionId, now)) : cancel(store, sessionId, now);
}

function cancel(store: SessionStore, sessionId: string, now: number): SessionRecord {
  const s = store.getSession(sessionId);
  if (!s) throw new UsageError(`no session ${sessionId}`);
  if (s.status === 'cancelled') return s;
  if (s.status !== 'paused') throw new UsageError(`session ${sessionId} is ${s.status}; only a paused session can be cancelled this way (a running one is cancelled where it runs)`);
  // A paused session holds no lease; one that does is being resumed by another process right now.
  if (foreignLiveLease(s, now)) throw new UsageError(`session ${sessionId} is being resumed by another process`);
  const at = new Date(now).toISOString();
  store.updateSession(sessionId, { status: 'cancelled', waitState: { stepId: '', trigger: 'cancelled', details: 'cancelled by the user while paused; resume to be asked again', at } });
  return store.getSession(sessionId)!;
}
