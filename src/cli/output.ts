// How sessions look on the command line. The JSON shapes (`--json`, export lines) live in
// src/app/json.ts, shared with `serve`; they are re-exported here for the commands that print them.
import type { VoteTally } from '../engine/model';
export { exportLine, sessionSummaryJson, stepJson } from '../app/json';

export function votesText(t: VoteTally | undefined): string {
  if (!t) return '';
  const counts = Object.values(t.counts).sort((a, b) => b - a);
  return `k=${t.k} · ${counts.join('–')} · margin ${t.margin}${t.decidedBy === 'cap' ? ' (cap)' : ''}`;
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

export function money(n: number): string {
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}
