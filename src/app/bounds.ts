// The one check behind every numeric option: CLI flags (cli/args.ts num()) and the overrides
// the facade receives from the extension or `serve` fail with the same one-line UsageError.
import { LIMITS } from '../engine/limits';
import type { RunOverrides } from './api';
import { UsageError } from './options';

export interface NumberRule {
  int?: boolean;
  /** Above min (exclusive). */
  positive?: boolean;
  min?: number;
  max?: number;
}

/** `n` when it is a finite number within the rule; else a UsageError naming the flag, the range and what was given. */
export function checkNumber(n: number, flag: string, rule: NumberRule, given: string = String(n)): number {
  const ok = Number.isFinite(n) && (!rule.int || Number.isInteger(n)) && (rule.min === undefined || (rule.positive ? n > rule.min : n >= rule.min)) && (rule.max === undefined || n <= rule.max);
  if (ok) return n;
  const low = rule.min === undefined ? undefined : rule.positive ? `above ${rule.min}` : `at least ${rule.min}`;
  const range = low !== undefined ? ` (${low}${rule.max !== undefined ? `, at most ${rule.max}` : ''})` : rule.max !== undefined ? ` (at most ${rule.max})` : '';
  throw new UsageError(`--${flag} must be ${rule.int ? 'an integer' : 'a number'}${range}, got '${given}'`);
}

/** The numeric run overrides by flag name, each with its bound. */
const RUN_NUMBERS: [keyof RunOverrides, string, NumberRule][] = [
  ['k', 'k', LIMITS.k],
  ['samples', 'samples', LIMITS.samples],
  ['maxConcurrentLlm', 'max-concurrent-llm', LIMITS.maxConcurrentLlm],
  ['disks', 'disks', LIMITS.disks],
  ['errorRate', 'error-rate', LIMITS.errorRate],
  // Probabilities like the error rate: the same 0..1 rule.
  ['fixRate', 'fix-rate', LIMITS.errorRate],
  ['judgeRate', 'judge-rate', LIMITS.errorRate],
  ['seed', 'seed', LIMITS.seed],
  ['latencyMs', 'latency-ms', LIMITS.latencyMs],
  ['timeoutMs', 'timeout-ms', LIMITS.timeoutMs],
  ['budgetUsd', 'budget-usd', LIMITS.budgetUsd],
  ['warnUsd', 'warn-usd', LIMITS.spendMarkUsd],
  ['maxStepUsd', 'max-step-usd', LIMITS.spendMarkUsd],
];

/** Checks overrides that did not come through the CLI's flag parser (extension settings, serve bodies, stored metadata on resume). */
export function checkRunNumbers(o: RunOverrides): void {
  for (const [field, flag, rule] of RUN_NUMBERS) {
    const v = o[field];
    if (v !== undefined) checkNumber(typeof v === 'number' ? v : NaN, flag, rule, String(v));
  }
  const t = o.thresholds ?? {};
  for (const [field, flag] of [['lowMargin', 'human-low-margin-threshold'], ['redFlags', 'human-red-flag-threshold'], ['resamples', 'human-resample-threshold']] as const) {
    const v = t[field];
    if (v !== undefined) checkNumber(v, flag, LIMITS.threshold);
  }
}
