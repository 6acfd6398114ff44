// Sessions no process runs can still be ended by their user: a paused session (or one waiting
// on the provider) is cancelled in the store. The wait state stays, so the record says what it
// was waiting on, and a later resume asks the same question again rather than acting on it.
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
  store.updateSession(sessionId, { status: 'cancelled' });
  return store.getSession(sessionId)!;
}
