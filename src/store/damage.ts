// Damage that stays inside its session. When part of a session's saved data is gone (a segment
// file deleted, steps lost with a damaged DB file), the store notes it on that session's row
// (`damage`, kept in the `extra` column) instead of failing every command on the store; status
// shows it and every other session works as before. This file is the one writer of the note (through
// sql/sessionExtra.ts, the one writer of the `extra` column, which also holds the lease): the
// store's own finds (a missing segment, steps lost with the DB), a damaged journal line
// (durability.ts), a segment moved aside (opApplier dropSegment) and a run's own patch
// (updateSession `damage`) all go through markDamaged / clearDamage.
//
// Resume re-runs what a re-run can redo (a lost chain range, a dropped segment's steps, a step
// whose journal line was garbled): the run finds the gap, and a run that ends whole clears the
// note. It refuses only damage a re-run cannot fix (unfixableDamage).
import * as path from 'node:path';
import type { SessionRecord } from '../engine/model';
import { SegmentCorruptError } from './chain/segmentFile';
import type { Db } from './sql/db';
import { rowToSession } from './sql/rows';
import { setSessionExtra } from './sql/sessionExtra';

function session(db: Db, id: string): SessionRecord | undefined {
  const r = db.get('SELECT * FROM sessions WHERE id = ?', [id]);
  return r ? rowToSession(r) : undefined;
}

/**
 * Notes on the session's row what is missing; idempotent. Not journaled: it describes files, not a
 * write, and the checkpoint that follows (or the next open, which finds the damage again) saves it.
 * false when there is no such session row.
 */
export function markDamaged(db: Db, sessionId: string, what: string): boolean {
  const s = session(db, sessionId);
  if (!s) return false;
  // Notes may hold '; ' themselves, so a note is matched whole between separators.
  if (s.damage !== undefined && `; ${s.damage}; `.includes(`; ${what}; `)) return true;
  setSessionExtra(db, sessionId, 'damage', s.damage ? `${s.damage}; ${what}` : what);
  return true;
}

/** Forgets the note (after a repair found the session whole again); true when there was one. */
export function clearDamage(db: Db, sessionId: string): boolean {
  const s = session(db, sessionId);
  if (s?.damage === undefined) return false;
  setSessionExtra(db, sessionId, 'damage', undefined);
  return true;
}

/** What the session's saved steps lack, judged by its own totals; undefined when nothing is missing. */
export function missingSteps(db: Db, sessionId: string): string | undefined {
  const s = session(db, sessionId);
  if (!s) return undefined;
  const seg = db.get('SELECT coalesce(sum(steps), 0) AS n, max(last_idx) AS m FROM segments WHERE session_id = ?', [sessionId])!;
  const main = db.get(`SELECT count(*) AS n, max(idx) AS m FROM steps WHERE session_id = ? AND parent_id IS NULL`, [sessionId])!;
  if (s.flow === 'chain') {
    // Chain steps are written in index order from 0: every index up to the highest is accounted for.
    const high = Math.max(seg.m === null ? -1 : Number(seg.m), main.m === null ? -1 : Number(main.m));
    const have = Number(seg.n) + Number(main.n);
    if (have < high + 1) return `${high + 1 - have} of chain steps 1-${high + 1} lost`;
  }
  const completed = Number(db.get(`SELECT count(*) AS n FROM steps WHERE session_id = ? AND status = 'completed'`, [sessionId])!.n) + completedInSegments(db, sessionId);
  if (completed < s.metrics.stepsCompleted) return `${s.metrics.stepsCompleted - completed} of ${s.metrics.stepsCompleted} completed steps lost`;
  return undefined;
}

function completedInSegments(db: Db, sessionId: string): number {
  let n = 0;
  for (const r of db.all('SELECT status_counts FROM segments WHERE session_id = ?', [sessionId])) n += (JSON.parse(String(r.status_counts)) as Record<string, number>).completed ?? 0;
  return n;
}

/** Session ids that have step rows but no session row (their session row was lost). */
export function orphanStepSessions(db: Db): string[] {
  return db.all('SELECT DISTINCT session_id AS s FROM steps WHERE session_id NOT IN (SELECT id FROM sessions)').map((r) => String(r.s));
}

/** A segment failure in words, with the file's name rather than a raw errno line. */
export function segmentDamage(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { path?: string };
  if (err instanceof SegmentCorruptError) return err.missing ? `segment file ${path.basename(err.file)} is missing` : err.message;
  if (e.code === 'ENOENT' && e.path) return `segment file ${path.basename(e.path)} is missing`;
  return `a segment file is unreadable (${e.message})`;
}

/**
 * The part of a damage note a resume cannot fix, or undefined when a re-run redoes all of it. A
 * segment file that cannot even be opened for a reason other than its absence (no permission, an
 * I/O error) still claims its steps, and its bytes may come back: such a session is refused until
 * the file is readable or `doctor --repair` settles it. Everything else (lost chain steps, lost
 * completed steps, a segment file deleted or unreadable, which the run's own check drops before it
 * starts, damaged journal lines, a run that ended with a hole) is a range to re-run.
 */
export function unfixableDamage(damage: string | undefined): string | undefined {
  if (!damage) return undefined;
  const hit = damage.match(/a segment file is unreadable \([^)]*\)/g);
  return hit ? hit.join('; ') : undefined;
}
