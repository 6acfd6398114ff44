// Segment files no DB row points at: left by a checkpoint that replaced a segment (an edit of an
// old step) and then failed, or by a process killed between writing a segment and the checkpoint
// that names it. Deleted on open, once old enough that no live process can be mid-checkpoint.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Db } from './sql/db';

/** Deletes unreferenced segment files older than `minAgeMs`; returns how many. */
export function gcSegments(db: Db, segmentsDir: string, minAgeMs = 3_600_000): number {
  let removed = 0;
  const referenced = new Set(db.all('SELECT file FROM segments').map((r) => String(r.file)));
  if (!fs.existsSync(segmentsDir)) return 0;
  for (const dir of fs.readdirSync(segmentsDir)) {
    const full = path.join(segmentsDir, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full)) {
      const rel = `${dir}/${name}`;
      const file = path.join(full, name);
      if (referenced.has(rel) || Date.now() - fs.statSync(file).mtimeMs < minAgeMs) continue;
      fs.rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}
