// Deleting and archiving sessions, the same rule for every front end (the CLI, the editor): a
// session a live process runs (its lease) is neither deleted nor archived, since its run would
// write it back. Both happen under the store's cross-process lock when it has one, and are on
// disk when they return, so another process (a terminal, serve) sees them at its next read.
import type { SessionRecord } from '../engine/model';
import type { SessionRemoval, SessionStore } from '../engine/ports';
import { describeOwner, leaseLive } from './lease';
import { UsageError } from './options';

function locked<T>(store: SessionStore, f: () => T): Promise<T> {
  return store.exclusive ? store.exclusive(f) : Promise.resolve().then(f);
}

/** The session, if no live run holds it; otherwise a one-line refusal. */
function idle(store: SessionStore, id: string, verb: string, now: number): SessionRecord {
  const s = store.getSession(id);
  if (!s) throw new UsageError(`no session ${id}; \`microfactory status --all\` lists them`);
  if (s.lease && leaseLive(s.lease, now)) throw new UsageError(`session ${id} is running (${describeOwner(s.lease)}); cancel it before you ${verb} it`);
  return s;
}

/** Removes a session that no live process runs: its rows, journal records and segment files. */
export async function deleteSession(store: SessionStore, id: string, now = Date.now()): Promise<SessionRemoval> {
  if (!store.deleteSession) throw new Error('this session store cannot delete sessions');
  const remove = store.deleteSession.bind(store);
  return locked(store, () => {
    idle(store, id, 'delete', now);
    return remove(id)!;
  });
}

/** Hides a session from the default lists (archived) or shows it again; its updated time stays. */
export async function setArchived(store: SessionStore, id: string, archived: boolean, now = Date.now()): Promise<SessionRecord> {
  return locked(store, () => {
    const s = idle(store, id, archived ? 'archive' : 'unarchive', now);
    if (!!s.archived !== archived) store.updateSession(id, { archived, updatedAt: s.updatedAt });
    return store.getSession(id)!;
  });
}

/** "12 steps, 40 samples and 1 segment file": what a delete removed, in words. */
export function removalText(r: SessionRemoval): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(r.steps, 'step')}, ${n(r.samples, 'sample')} and ${n(r.segmentFiles, 'segment file')}`;
}
