// The one writer of a session row's `extra` column: the JSON object that holds the record's fields
// without a column of their own (rows.ts spreads it back into the SessionRecord). Two of them are
// changed on their own, each by its owner: the lease (a run's heartbeat, opApplier.ts), the
// damage note (damage.ts) and the archived flag (opApplier.ts). One SQL statement edits one key in place, so neither write can put back
// a stale copy of the other's field, and no caller parses or re-serializes the whole object.
import type { SessionRecord } from '../../engine/model';
import type { Db } from './db';

/** The fields of `extra` that are written on their own. */
export type ExtraField = keyof Pick<SessionRecord, 'lease' | 'damage' | 'archived'>;

/** Sets (or, with undefined, removes) one field of the session's `extra`; false when there is no such row. */
export function setSessionExtra<F extends ExtraField>(db: Db, sessionId: string, field: F, value: SessionRecord[F] | undefined): boolean {
  const key = `$.${field}`;
  if (value === undefined) {
    // An object left empty is stored as NULL, as sessionToRow writes a record without such fields.
    return db.run(`UPDATE sessions SET extra = nullif(json_remove(coalesce(extra, '{}'), ?), '{}') WHERE id = ?`, [key, sessionId]) > 0;
  }
  return db.run(`UPDATE sessions SET extra = json_set(coalesce(extra, '{}'), ?, json(?)) WHERE id = ?`, [key, JSON.stringify(value), sessionId]) > 0;
}
