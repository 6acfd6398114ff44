// Segment files outlive a lost DB: a zero-length or unreadable main DB takes the segment rows
// with it, while the files under `<db>.segments/<session>/` still hold the session's old chain
// steps. After the journal gave the session back (durability.ts adopt), each readable file that
// no row describes, and whose steps no row holds, gets its row again, so its steps are read back
// rather than bought again. Runs before the loss is judged (recovery.ts), and before segmentGc,
// which would delete an unreferenced file once it is an hour old.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../engine/ports';
import { safeName } from '../disk/paths';
import type { Db } from '../sql/db';
import { decodeAny } from './segmentFile';
import type { Segments } from './segments';

const SEGMENT_NAME = /^(\d{6})-([0-9a-z]+)-[0-9a-f]+\.seg\.gz$/;

/** Gives rows back to the session's unreferenced readable segment files; returns how many steps came back. */
export function reindexSegments(db: Db, segments: Segments, segmentsDir: string, log: Logger, sessionId: string): number {
  const dir = safeName(sessionId);
  let names: string[];
  try {
    names = fs.readdirSync(path.join(segmentsDir, dir));
  } catch {
    return 0; // no segment folder: nothing was retired
  }
  const rows = segments.list(sessionId);
  const referenced = new Set(rows.map((r) => r.file));
  const seqs = new Set(rows.map((r) => r.seq));
  // The newest file of a seq first: an edit rewrites a segment under a new name, and a crash may leave both.
  const candidates = names
    .map((n) => ({ n, m: SEGMENT_NAME.exec(n) }))
    .filter((c) => c.m && !referenced.has(`${dir}/${c.n}`))
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]) || parseInt(b.m![2], 36) - parseInt(a.m![2], 36));
  let back = 0;
  const now = new Date().toISOString();
  for (const { n, m } of candidates) {
    const seq = Number(m![1]);
    if (seqs.has(seq)) continue;
    const file = `${dir}/${n}`;
    let bytes: Buffer;
    let steps;
    let samples: number;
    try {
      bytes = fs.readFileSync(path.join(segmentsDir, file));
      const seg = decodeAny(file, bytes);
      steps = seg.steps().sort((a, b) => a.index - b.index);
      samples = seg.sampleCount;
    } catch {
      continue; // unreadable: left to segmentGc, its steps are re-run
    }
    if (!steps.length || steps.some((st) => st.parentId !== null) || held(db, sessionId, steps[0].index, steps[steps.length - 1].index)) continue;
    segments.adoptFile(sessionId, seq, file, bytes.length, steps, samples, now);
    seqs.add(seq);
    back += steps.length;
  }
  // Good news, not a loss: the loss that remains (the DB's own rows) is said once, by recovery.ts.
  if (back) log.info(`store: session ${sessionId}: ${back} chain step(s) read back from segment files its lost DB rows no longer named`);
  return back;
}

/** Whether any step of this index range is already stored (in SQL or another segment): then the file is not adopted. */
function held(db: Db, sessionId: string, first: number, last: number): boolean {
  const sql = db.get('SELECT 1 AS x FROM steps WHERE session_id = ? AND parent_id IS NULL AND idx BETWEEN ? AND ? LIMIT 1', [sessionId, first, last]);
  const seg = db.get('SELECT 1 AS x FROM segments WHERE session_id = ? AND first_idx <= ? AND last_idx >= ? LIMIT 1', [sessionId, last, first]);
  return !!sql || !!seg;
}
