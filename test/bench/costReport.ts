// bench:cost's figures: what one run cost per voted step, each cell's median over its seeds
// against `separate` with the same seed (the same draws: costCoder.ts), and the spread of those
// paired ratios, so a reader sees how far one figure can be trusted.
import { median } from '../../src/bench/report';
import type { SamplingMode } from '../../src/engine/config';
import type { WireProvider } from '../support/llmServer';
import type { RoleBill } from './costCoder';

// gpt-4.1-mini: cached input at a quarter of input; Anthropic's format bills a cache write at 1.25× input.
export const PRICE = { input: 0.4, output: 1.6, cachedInput: 0.1, cacheWrite: 0.5 };

export interface Measure {
  requests: number;
  input: number;
  output: number;
  /** Of input, read from / written to the prompt cache. */
  cached: number;
  cacheWrite: number;
  /** Voted steps: decided races. */
  votes: number;
  status: string;
  /** Code runs: the bill per agent role. */
  roles?: Record<string, RoleBill>;
}

export interface Row {
  format: WireProvider;
  task: string;
  mode: SamplingMode;
  cache: boolean;
  /** One per seed, in seed order. */
  runs: Measure[];
  /** Per seed: this run's $ per voted step over separate's (no cache) with the same seed. */
  ratios: number[];
}

export function usd(m: Measure): number {
  const fresh = m.input - m.cached - m.cacheWrite;
  return (fresh * PRICE.input + m.cached * PRICE.cachedInput + m.cacheWrite * PRICE.cacheWrite + m.output * PRICE.output) / 1e6;
}

export const usdPerVote = (m: Measure): number => usd(m) / Math.max(1, m.votes);

const med = (r: Row, f: (m: Measure) => number): number => median(r.runs.map(f));
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const statusOf = (r: Row): string => [...new Set(r.runs.map((m) => m.status))].join('/');

function printTable(head: string[], body: string[][], left: number): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  for (const line of [head, ...body]) console.log(line.map((c, i) => (i >= left ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
}

export function printRows(rows: Row[]): void {
  const head = ['format', 'task', 'mode', 'requests', 'billed in', 'cached', 'out', 'votes', '$/voted step', 'vs separate', 'spread'];
  printTable(head, rows.map((r) => [
    r.format, r.task, r.mode + (r.cache ? '+cache' : ''), String(med(r, (m) => m.requests)), String(med(r, (m) => m.input)), String(med(r, (m) => m.cached)), String(med(r, (m) => m.output)),
    String(med(r, (m) => m.votes)), med(r, usdPerVote).toExponential(3), median(r.ratios).toFixed(2) + (statusOf(r) === 'completed' ? '' : ` (${statusOf(r)})`), spread(r.ratios),
  ]), 3);
}

/** Per code row and role: requests and choices per voted step, input per request, output per choice (medians over the seeds). */
export function printRoles(rows: Row[]): void {
  const body: string[][] = [];
  for (const r of rows) {
    const roles = [...new Set(r.runs.flatMap((m) => Object.keys(m.roles ?? {})))];
    for (const role of roles) {
      const of = (f: (b: RoleBill, m: Measure) => number) => med(r, (m) => (m.roles?.[role] ? f(m.roles[role], m) : 0));
      body.push([
        r.format, r.task, r.mode + (r.cache ? '+cache' : ''), role, of((b, m) => b.requests / Math.max(1, m.votes)).toFixed(2), of((b, m) => b.choices / Math.max(1, m.votes)).toFixed(2),
        of((b) => b.input / b.requests).toFixed(0), of((b) => b.output / b.choices).toFixed(0), of((b) => b.cached / Math.max(1, b.input)).toFixed(2),
      ]);
    }
  }
  if (body.length > 0) printTable(['format', 'task', 'mode', 'role', 'req/vote', 'samples/vote', 'in/req', 'out/sample', 'cached share'], body, 4);
}

export function jsonRows(rows: Row[]): unknown[] {
  return rows.map((r) => ({
    format: r.format, task: r.task, mode: r.mode, cache: r.cache, requests: med(r, (m) => m.requests), billed_in: med(r, (m) => m.input), cached: med(r, (m) => m.cached),
    out: med(r, (m) => m.output), votes: med(r, (m) => m.votes), usd_per_voted_step: +med(r, usdPerVote).toPrecision(4), ratio: +median(r.ratios).toFixed(3),
    ratio_min: +Math.min(...r.ratios).toFixed(3), ratio_max: +Math.max(...r.ratios).toFixed(3), status: statusOf(r),
  }));
}
