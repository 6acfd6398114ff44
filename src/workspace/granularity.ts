// step_granularity: the original tool validated max_files / max_lines_changed and never used
// them. Here they refuse a candidate that is not a tiny step, which is the whole point of MAKER.
import { diffLines } from 'diff';
import type { FileChange } from '../engine/model';

/**
 * Lines a change touches, counted with the `diff` package. Within each run of removed/added
 * lines the larger side counts, so editing one line costs 1 (not 1 removed + 1 added), adding
 * 3 lines costs 3, and a rewrite of 5 lines into 2 costs 5. Creating a file costs its lines,
 * deleting one costs the lines it had.
 */
export function linesChanged(before: string | null, after: string | null, cap?: number): number {
  // The edit distance (removed + added) is at most twice our count, so a diff that needs more
  // than 2*cap edits is over the cap: let the diff give up early instead of crunching a rewrite
  // of a large file.
  const parts = cap === undefined ? diffLines(before ?? '', after ?? '') : diffLines(before ?? '', after ?? '', { maxEditLength: 2 * cap + 1 });
  if (parts === undefined) return Number.POSITIVE_INFINITY;
  let total = 0;
  let removed = 0;
  let added = 0;
  for (const part of parts) {
    if (part.removed) removed += part.count ?? 0;
    else if (part.added) added += part.count ?? 0;
    else {
      total += Math.max(removed, added);
      removed = 0;
      added = 0;
    }
  }
  return total + Math.max(removed, added);
}

/** Why `files` exceed the domain's step granularity, or null. A limit <= 0 means no limit. */
export function granularityViolation(files: FileChange[], limits: { maxFiles: number; maxLinesChanged: number }): string | null {
  if (limits.maxFiles > 0 && files.length > limits.maxFiles) {
    return `candidate changes ${files.length} files; step_granularity.max_files is ${limits.maxFiles}`;
  }
  if (limits.maxLinesChanged > 0) {
    const perFile = files.map((f) => ({ path: f.path, n: linesChanged(f.before, f.after, limits.maxLinesChanged) }));
    const total = perFile.reduce((s, f) => s + f.n, 0);
    if (total > limits.maxLinesChanged) {
      const show = (n: number) => (Number.isFinite(n) ? String(n) : `>${limits.maxLinesChanged}`);
      const detail = perFile.map((f) => `${f.path}: ${show(f.n)}`).join(', ');
      return `candidate changes ${show(total)} lines (${detail}); step_granularity.max_lines_changed is ${limits.maxLinesChanged}`;
    }
  }
  return null;
}
