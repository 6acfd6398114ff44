// Damaged journal lines (journal/lineCheck.ts) are never applied and never skipped in silence:
// each is logged with what it seemed to hold, and each session they belonged to gets a damage
// note (SessionRecord.damage) that `status` shows until a run has redone what was lost.
import * as path from 'node:path';
import type { Logger } from '../engine/ports';
import type { DamagedRecord } from './journal/lineCheck';

/** Lines logged one by one per file; the rest are counted. */
const DETAILED = 5;

/** Logs the damaged lines of one journal file; returns a damage note per session they named. */
export function reportDamagedLines(file: string, damaged: DamagedRecord[], log: Logger): Map<string, string> {
  const name = path.basename(file);
  for (const d of damaged.slice(0, DETAILED)) {
    log.warn(`store: line ${d.line} of ${name} is damaged (${d.why}) and was not applied; it held ${d.held ?? 'nothing recognisable'}`);
  }
  if (damaged.length > DETAILED) log.warn(`store: ${damaged.length - DETAILED} more damaged line(s) in ${name} were not applied`);
  const bySession = new Map<string, DamagedRecord[]>();
  for (const d of damaged) if (d.session) bySession.set(d.session, [...(bySession.get(d.session) ?? []), d]);
  const notes = new Map<string, string>();
  for (const [session, lines] of bySession) {
    const steps = lines.filter((d) => d.index !== undefined).map((d) => d.index! + 1);
    const what = steps.length ? `step(s) ${steps.join(', ')}` : 'records';
    notes.set(session, `${lines.length} damaged journal line(s) in ${name} (lines ${lines.map((d) => d.line).join(', ')}) were not applied: ${what}; resume re-runs what was lost`);
  }
  return notes;
}
