// A chaos case's result row, and the table and JSON line the suite prints.
import type { PaidTwice } from './ledger';

export interface Row {
  case: string;
  /** Final session status and how each process ended, in words. */
  outcome: string;
  stepsLost: number;
  paidTwice: number;
  /** Damage (or a kill, a refusal, a pause) happened and no command said so. */
  silent: boolean;
  /** A target of the case beside the three zeros was missed (the budget's spend ratio). */
  missed?: string;
  ledger?: PaidTwice;
  /** What the commands said (first lines), as evidence for the silent column. */
  said?: string[];
  ms: number;
}

export const rowOk = (r: Row): boolean => r.stepsLost === 0 && r.paidTwice === 0 && !r.silent && !r.missed;

export function renderTable(rows: Row[]): string {
  const head = ['case', 'outcome', 'steps lost', 'paid twice', 'silent'];
  const cells = rows.map((r) => [r.case, r.missed ? `${r.outcome}; MISSED ${r.missed}` : r.outcome, String(r.stepsLost), String(r.paidTwice), r.silent ? 'YES' : 'no']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export function jsonLine(rows: Row[], wallMs: number): string {
  return JSON.stringify({
    chaos: rows.map((r) => ({ case: r.case, outcome: r.outcome, steps_lost: r.stepsLost, paid_twice: r.paidTwice, silent: r.silent, missed: r.missed ?? null, ledger: r.ledger ?? null, said: r.said ?? [], ms: r.ms })),
    ok: rows.every(rowOk),
    wall_ms: wallMs,
  });
}
