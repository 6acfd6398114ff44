// How sessions look on the command line. The JSON shapes (`--json`, export lines) live in
// src/app/json.ts, shared with `serve`; they are re-exported here for the commands that print them.
import type { VoteTally } from '../engine/model';
import { votesLabel } from '../app/labels';
export { exportLine, sessionSummaryJson, stepJson } from '../app/json';
export { ago, money } from '../app/labels';

/** Rows as aligned columns (the first row is the header); the last column is not padded. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

/** The vote as the tree and the panel word it (app/labels.ts); '' before any vote. */
export function votesText(t: VoteTally | undefined): string {
  return t ? votesLabel(t) : '';
}
