// An unreadable segment file (truncated, garbled, emptied) is never repaired in place and never
// deleted: it is renamed aside, its row is dropped by a journaled record (journal/op.ts
// dropSegment), and the session gets a damage note saying which steps were lost and where the
// bytes went. The session then counts fewer steps, is no longer "completed", and `resume` re-runs
// the lost range (the chain flow finds the gap: engine/chain/chainPosition.ts).
//
// A missing file (deleted) is dropped the same way, once the DB on disk is no newer than ours:
// another process may have replaced the file by a rewrite its newer DB points at, and then the
// next reload sorts it out. Its steps are gone as surely as a garbled file's, and re-run alike.
import * as path from 'node:path';
import type { Logger } from '../engine/ports';
import type { Durable } from './durability';
import { OpCode, type Op } from './journal/op';
import { SegmentCorruptError } from './chain/segmentFile';
import { markDamaged, segmentDamage } from './damage';

/** A segment file that is not there at all (deleted, or replaced by another process). */
function missing(err: unknown): boolean {
  return (err instanceof SegmentCorruptError && err.missing) || (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** The segment file (relative to the segments folder, as rows name it) an error is about. */
function segmentFileOf(err: unknown): string | undefined {
  return err instanceof SegmentCorruptError ? err.file : undefined;
}

export class SegmentDamage {
  constructor(
    private readonly core: Durable,
    private readonly write: (op: Op, session: string) => void,
    private readonly log: Logger,
  ) {}

  /** Moves the unreadable segment `file` aside (or notes a missing one gone) and journals its loss; the note, or undefined if it is not ours to handle. */
  drop(err: unknown, file = segmentFileOf(err)): string | undefined {
    if (file === undefined) return undefined;
    const gone = missing(err);
    if (gone && this.core.diskChanged()) return undefined; // a newer DB may not point at it
    const r = this.core.db.get('SELECT session_id, seq, first_idx, last_idx FROM segments WHERE file = ?', [file]);
    if (!r) return undefined;
    const session = String(r.session_id);
    const steps = `segment ${String(r.seq)} (steps ${Number(r.first_idx) + 1}-${Number(r.last_idx) + 1})`;
    const to = gone ? undefined : this.core.segments.files.moveAside(file);
    const note = gone
      ? `${steps}: its file ${path.basename(file)} is gone; resume re-runs those steps`
      : `${steps} is unreadable (${(err as SegmentCorruptError).detail}); ${to ? `moved aside to ${to}` : 'its file is gone'}; resume re-runs those steps`;
    this.log.warn(`store: session ${session}: ${note}`);
    this.write({ o: OpCode.dropSegment, s: session, q: Number(r.seq), n: note }, session);
    return note;
  }

  /**
   * Reads every segment of a session (`deep`), or only checks that each file still holds the bytes
   * its row records (cheap enough for a listing); drops the unreadable ones. Returns their notes.
   */
  check(sessionId: string, deep: boolean): string[] {
    const notes: string[] = [];
    for (const row of this.core.segments.list(sessionId)) {
      try {
        if (deep) this.core.segments.load(row);
        else this.core.segments.files.checkSize(row.file, row.bytes);
      } catch (err) {
        const note = this.drop(err, missing(err) ? row.file : segmentFileOf(err));
        if (note) notes.push(note);
        else if (missing(err)) markDamaged(this.core.db, sessionId, segmentDamage(err)); // a newer DB on disk: noted until a reload settles it
        else throw err;
      }
    }
    return notes;
  }
}
