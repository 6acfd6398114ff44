// What the store does for a session after a crash, once a dead process's journal has been replayed
// into it (durability.ts adopt): say loudly what is lost, and sum its totals again from its rows.
//
// Why the totals: a run writes the session's totals at most once a second (engine/stepWrites.ts),
// while every step, and every paid sample as it lands, is journaled at once. A SIGKILL leaves the
// replayed rows ahead of the totals, and `resume --budget-usd` starts the budget from the totals:
// counted short, a run killed 25 times paid 549 requests where one never killed stopped at 299.
// Summed by the engine's own rule (engine/totals.ts retotal), the totals hold every stored sample,
// those of steps the crash left unfinished included.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SessionMetrics, StepRecord } from '../engine/model';
import type { Logger } from '../engine/ports';
import { retotal } from '../engine/totals';
import { reindexSegments } from './chain/reindex';
import type { Segments } from './chain/segments';
import { markDamaged, missingSteps } from './damage';
import type { Db } from './sql/db';
import { rowToSession, rowToStep } from './sql/rows';

/** After a dead writer's records of this session were replayed: its loss noted, its totals summed again. */
export function recovered(db: Db, segments: Segments, segmentsDir: string, log: Logger, sessionId: string): void {
  // A lost DB took the segment rows along; the files may still hold the old steps.
  reindexSegments(db, segments, segmentsDir, log, sessionId);
  reportLoss(db, segments, segmentsDir, log, sessionId);
  try {
    recount(db, segments, sessionId);
  } catch (err) {
    // An unreadable segment is damage noted elsewhere; the totals stay as they were.
    log.warn(`store: could not sum the totals of session ${sessionId} again (${(err as Error).message})`);
  }
}

/**
 * Marks the session damaged, loudly, when its steps fall short of its own totals or a segment file
 * it points at is gone (a stat per segment). Runs before recount, which would hide the shortfall.
 */
function reportLoss(db: Db, segments: Segments, segmentsDir: string, log: Logger, sessionId: string): void {
  const lost = missingSteps(db, sessionId);
  const gone = segments.list(sessionId).filter((row) => !fs.existsSync(path.join(segmentsDir, row.file)));
  for (const what of [...(lost ? [lost] : []), ...gone.map((row) => `segment file ${path.basename(row.file)} is missing`)]) {
    if (markDamaged(db, sessionId, what)) log.error(`store: session ${sessionId} is damaged: ${what}; it is marked so`);
  }
}

/**
 * Replaces the session's totals with totalsFromRows. Not journaled: it is derived from rows that
 * are, and the checkpoint that follows saves it (a crash before that recovers, and sums, again).
 */
function recount(db: Db, segments: Segments, sessionId: string): void {
  const metrics = totalsFromRows(db, segments, sessionId);
  if (metrics) db.run('UPDATE sessions SET metrics = ? WHERE id = ?', [JSON.stringify(metrics), sessionId]);
}

/**
 * The session's totals summed over every stored step, in segments and in SQL, finished or not; a
 * chain keeps its task's step count and every session its wall time. undefined for no such session.
 */
export function totalsFromRows(db: Db, segments: Segments, sessionId: string): SessionMetrics | undefined {
  const row = db.get('SELECT * FROM sessions WHERE id = ?', [sessionId]);
  if (!row) return undefined;
  const s = rowToSession(row);
  const sm = { ...s.metrics };
  retotal(sm, storedSteps(db, segments, sessionId));
  if (s.flow === 'chain') sm.stepsTotal = s.metrics.stepsTotal;
  return sm;
}

/** Every stored step of a session, one segment file at a time (a long chain is not held whole). */
function* storedSteps(db: Db, segments: Segments, sessionId: string): Generator<StepRecord> {
  for (const row of segments.list(sessionId)) {
    const seg = segments.load(row);
    for (let i = 0; i < seg.stepCount; i++) yield seg.stepAt(i);
  }
  for (const r of db.all('SELECT * FROM steps WHERE session_id = ?', [sessionId])) yield rowToStep(r);
}
