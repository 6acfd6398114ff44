// The main DB gives back the pages it no longer uses. SQLite keeps freed pages in a free list and
// export() writes them out with the rest, at every checkpoint. A running chain frees a few pages
// a checkpoint and reuses them at the next, so its file stays flat (~0.6 MB). A crash recovery is
// different: the dead writer's journal is replayed into SQL whole, and the same checkpoint moves
// those steps out to segment files again: a 16-disk run killed 7 times left a 68.7 MB file with
// 16,770 of its 16,784 pages free, exported again at every checkpoint after. VACUUM rebuilds the
// file without them. The end of a resumed chain leaves the same: its hole check reads the steps
// held since the last checkpoint into SQL (engine/runner.ts) just before they are retired. The check is
// two pragma reads at each checkpoint (a file bloated by an older build shrinks at the next one);
// the VACUUM runs only when the free list is both large and most of the file, which a running
// chain's main DB (~150 pages in all) never is: the flat checkpoint cost is untouched.
import type { Db } from './db';

/** Free pages worth a VACUUM: 1 MiB at SQLite's default page size (a running chain's whole main DB is ~0.6 MB). */
export const COMPACT_MIN_FREE_PAGES = 256;

export function freePages(db: Db): { free: number; pages: number } {
  return { free: Number(db.get('PRAGMA freelist_count')!.freelist_count), pages: Number(db.get('PRAGMA page_count')!.page_count) };
}

/** VACUUMs the DB when most of it is free pages; returns whether it did. Commits the open transaction. */
export function compactIfBloated(db: Db): boolean {
  const { free, pages } = freePages(db);
  if (free < COMPACT_MIN_FREE_PAGES || free * 2 < pages) return false;
  db.exec('VACUUM');
  return true;
}
