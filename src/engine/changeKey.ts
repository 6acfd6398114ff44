// A code candidate's vote key is the change it makes, not the words it makes it in: two answers
// that leave the repository in the same state (different prose, different fences, SEARCH/REPLACE
// blocks vs a whole file) are one candidate in every race and in the judge's option list, and a
// change the verifier failed is excluded however the next answer phrases it.
import { createHash } from 'node:crypto';
import type { ChangeSet } from './model';

/**
 * `path[, path…] #hash`, the hash over each file's path and resulting content (or its deletion),
 * in path order. `before` is not part of it: within a step every candidate is planned against the
 * same files, so the result alone tells two changes apart. The paths keep tallies readable.
 */
export function changeSetKey(cs: ChangeSet): string {
  const files = [...cs.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f.path);
    // A deleted file and a file emptied differ: mark which one it is.
    h.update(f.after === null ? '\u0000deleted\u0000' : `\u0000${f.after.length}\u0000`);
    if (f.after !== null) h.update(f.after);
  }
  return `${files.map((f) => f.path).join(', ')} #${h.digest('hex').slice(0, 16)}`;
}
