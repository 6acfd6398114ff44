// Journal records lost whole: a dead writer's journal found shorter than its length mark
// (journal/mark.ts), emptied, or gone while its mark remains. Checksums (journal/lineCheck.ts)
// catch a damaged line; these are the records no line is left of. Each is said loudly, and noted
// on the sessions the mark names (damage.ts), so `status` shows it and `resume` re-runs the steps.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../engine/ports';
import { markDamaged } from './damage';
import type { StorePaths } from './disk/paths';
import { journalId, type ReadResult } from './journal/journal';
import { readMark, removeMark } from './journal/mark';
import type { Db } from './sql/db';

/** What a dead writer's journal lost against its mark, in words; undefined when it holds all the mark recorded. */
export function cutShort(file: string, read: ReadResult): { note: string; sessions: string[] } | undefined {
  const mark = readMark(file);
  if (!mark || read.bytes >= mark.bytes) return undefined;
  const name = path.basename(file);
  const lines = Math.max(1, mark.lines - read.lines);
  const how = read.bytes === 0 ? `is empty, and held ${mark.bytes} bytes` : `was cut short: ${mark.bytes - read.bytes} of its ${mark.bytes} bytes are gone`;
  return { note: `journal ${name} ${how} (at least ${lines} record(s) lost); resume re-runs what was lost`, sessions: mark.sessions };
}

/**
 * Says a journal's loss, and notes it on each session still in the store; sessions without a row
 * (the DB was lost too) are named in the log alone.
 */
export function reportLoss(db: Db, log: Logger, loss: { note: string; sessions: string[] }): void {
  const noted = loss.sessions.filter((s) => markDamaged(db, s, loss.note));
  const where = noted.length ? `session(s) ${noted.join(', ')} marked damaged` : 'no session of it is in the store';
  log.error(`store: ${loss.note}; ${where}`);
}

/** A length mark whose journal file is gone, its writer dead. */
export interface StrayMark {
  journal: string;
  tag: string;
  seq: number;
}

/** Marks whose journal is gone and whose writer is dead (`orphan`): one readdir. */
export function strayMarks(paths: StorePaths, orphan: (tag: string, pid: number) => boolean): StrayMark[] {
  const out: StrayMark[] = [];
  const prefix = `${paths.base}.jlen-`;
  for (const name of fs.readdirSync(paths.dir)) {
    if (!name.startsWith(prefix)) continue;
    const journal = path.join(paths.dir, `${paths.base}.journal-${name.slice(prefix.length)}`);
    const id = journalId(journal);
    if (id && !fs.existsSync(journal) && orphan(id.tag, Number(id.tag.split('-')[0]))) out.push({ journal, ...id });
  }
  return out;
}

/**
 * Settles stray marks: a journal its checkpoint covered (`covered`) was deleted as it should be,
 * and only its mark stayed behind (a crash between the two deletes); any other was deleted by
 * someone else, and its records are lost. Either way the mark goes. Returns the losses.
 */
export function settleStrayMarks(marks: StrayMark[], covered: (tag: string, seq: number) => boolean): { note: string; sessions: string[] }[] {
  const out: { note: string; sessions: string[] }[] = [];
  for (const m of marks) {
    const mark = readMark(m.journal);
    if (mark && !covered(m.tag, m.seq)) {
      out.push({ note: `journal ${path.basename(m.journal)} is gone (${mark.lines} record(s) of ${mark.bytes} bytes lost); resume re-runs what was lost`, sessions: mark.sessions });
    }
    removeMark(m.journal);
  }
  return out;
}
