// The code benchmark's figures: totals per setup, the per-task table and the curve over P.
import type { TaskOutcome } from './codeRun';

export interface Totals {
  tasks: number;
  fixed: number;
  fixedShare: number;
  requests: number;
  tokens: number;
  wallS: number;
  paused: number;
  /** Pauses or failures without a cause a person can act on (the target is 0). */
  unexplained: number;
  /** Runs that ended completed with the task's own test still failing: damage nobody was told of (the target is 0). */
  silent: number;
}

export function totals(rs: TaskOutcome[]): Totals {
  const fixed = rs.filter((r) => r.fixed).length;
  return {
    tasks: rs.length,
    fixed,
    fixedShare: rs.length === 0 ? 0 : Math.round((fixed / rs.length) * 1000) / 1000,
    requests: rs.reduce((a, r) => a + r.requests, 0),
    tokens: rs.reduce((a, r) => a + r.tokens, 0),
    wallS: Math.round(rs.reduce((a, r) => a + r.wallMs, 0) / 100) / 10,
    paused: rs.filter((r) => r.status !== 'completed').length,
    unexplained: rs.filter((r) => r.unexplained).length,
    silent: rs.filter((r) => r.status === 'completed' && !r.fixed).length,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** The trigger of a pause ("verify_failed", "low_margin"...), or the status when it is not a pause. */
function cause(r: TaskOutcome): string {
  if (!r.pause) return '';
  const colon = r.pause.indexOf(':');
  return colon > 0 ? r.pause.slice(0, colon) : r.pause;
}

/** One row per task: per setup, fixed, requests, tokens, wall seconds and the pause trigger. */
export function outcomeTable(rs: TaskOutcome[], setups: string[]): string {
  const tasks = [...new Set(rs.map((r) => r.task))];
  const width = Math.max(4, ...tasks.map((t) => t.length));
  const cell = (r: TaskOutcome | undefined) =>
    r ? `${r.fixed ? 'yes' : 'no '} ${String(r.requests).padStart(3)} ${String(r.tokens).padStart(6)} ${(r.wallMs / 1000).toFixed(1).padStart(5)} ${cause(r).padEnd(13)}` : ''.padEnd(36);
  const head = `${'task'.padEnd(width)} | ${setups.map((s) => `${s} (fixed req tokens wall_s pause)`.padEnd(36)).join(' | ')}`;
  const lines = [head, '-'.repeat(head.length)];
  for (const t of tasks) lines.push(`${t.padEnd(width)} | ${setups.map((s) => cell(rs.find((r) => r.task === t && r.setup === s))).join(' | ')}`);
  lines.push('-'.repeat(head.length));
  const tot = setups.map((s) => totals(rs.filter((r) => r.setup === s)));
  lines.push(`${'fixed'.padEnd(width)} | ${tot.map((x) => `${x.fixed}/${x.tasks} (${pct(x.fixedShare)})`.padEnd(36)).join(' | ')}`);
  lines.push(`${'requests'.padEnd(width)} | ${tot.map((x) => String(x.requests).padEnd(36)).join(' | ')}`);
  lines.push(`${'tokens'.padEnd(width)} | ${tot.map((x) => String(x.tokens).padEnd(36)).join(' | ')}`);
  lines.push(`${'wall s (sum)'.padEnd(width)} | ${tot.map((x) => String(x.wallS).padEnd(36)).join(' | ')}`);
  lines.push(`${'paused'.padEnd(width)} | ${tot.map((x) => `${x.paused} (no actionable cause: ${x.unexplained})`.padEnd(36)).join(' | ')}`);
  lines.push(`${'completed, not fixed'.padEnd(width)} | ${tot.map((x) => String(x.silent).padEnd(36)).join(' | ')}`);
  return lines.join('\n');
}

export function curveTable(points: Record<string, number>[], setups: string[]): string {
  const lines = [`  P    | ${setups.map((s) => s.padStart(14)).join(' | ')}`];
  for (const pt of points) lines.push(`  ${pt.p.toFixed(2)} | ${setups.map((s) => pct(pt[s]).padStart(14)).join(' | ')}`);
  return lines.join('\n');
}
