// Flag parsing on node:util parseArgs, with the user guide's flag names. Numbers are checked
// here so a typo like `--k x` is a one-line usage error (exit 2), not a NaN deep in a run.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RunOverrides } from '../app/api';
import { UsageError } from '../app/options';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const RUN_FLAGS: Options = {
  config: { type: 'string' },
  'llm-provider': { type: 'string' },
  'llm-model': { type: 'string' },
  'api-key': { type: 'string' },
  'base-url': { type: 'string' },
  samples: { type: 'string' },
  k: { type: 'string' },
  'adaptive-k': { type: 'boolean' },
  'max-concurrent-llm': { type: 'string' },
  'repo-path': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'step-by-step': { type: 'boolean' },
  'human-low-margin-threshold': { type: 'string' },
  'human-red-flag-threshold': { type: 'string' },
  'human-resample-threshold': { type: 'string' },
  'budget-usd': { type: 'string' },
  disks: { type: 'string' },
  'error-rate': { type: 'string' },
  seed: { type: 'string' },
  'latency-ms': { type: 'string' },
  script: { type: 'string' },
  'allow-dirty': { type: 'boolean' },
  commit: { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
};

/** Every command accepts -h/--help; `help --format json` lists it from here too. */
export const HELP_FLAG: Options = { help: { type: 'boolean', short: 'h' } };

export function parse(argv: string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, ...HELP_FLAG }, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
}

export function num(v: unknown, flag: string, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  const bad = typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max);
  if (bad) {
    const range = opts.min !== undefined ? ` (at least ${opts.min}${opts.max !== undefined ? `, at most ${opts.max}` : ''})` : '';
    throw new UsageError(`--${flag} must be ${opts.int ? 'an integer' : 'a number'}${range}, got '${String(v)}'`);
  }
  return n;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The run/resume overrides shared by both commands. */
export function runOverrides(v: Record<string, string | boolean | undefined>): RunOverrides {
  const thresholds = {
    lowMargin: num(v['human-low-margin-threshold'], 'human-low-margin-threshold', { int: true }),
    redFlags: num(v['human-red-flag-threshold'], 'human-red-flag-threshold', { int: true, min: 0 }),
    resamples: num(v['human-resample-threshold'], 'human-resample-threshold', { int: true, min: 0 }),
  };
  return {
    configPath: str(v.config),
    provider: str(v['llm-provider']),
    model: str(v['llm-model']),
    apiKey: str(v['api-key']),
    baseUrl: str(v['base-url']),
    samples: num(v.samples, 'samples', { int: true, min: 1 }),
    k: num(v.k, 'k', { int: true, min: 1 }),
    adaptiveK: v['adaptive-k'] === true ? true : undefined,
    maxConcurrentLlm: num(v['max-concurrent-llm'], 'max-concurrent-llm', { int: true, min: 1 }),
    repoPath: str(v['repo-path']),
    dryRun: v['dry-run'] === true ? true : undefined,
    stepByStep: v['step-by-step'] === true ? true : undefined,
    thresholds: Object.values(thresholds).some((x) => x !== undefined) ? thresholds : undefined,
    budgetUsd: num(v['budget-usd'], 'budget-usd', { min: 0 }),
    disks: num(v.disks, 'disks', { int: true, min: 1, max: 30 }),
    errorRate: num(v['error-rate'], 'error-rate', { min: 0, max: 1 }),
    seed: num(v.seed, 'seed', { int: true }),
    latencyMs: num(v['latency-ms'], 'latency-ms', { min: 0 }),
    scriptPath: str(v.script),
    allowDirty: v['allow-dirty'] === true ? true : undefined,
    commit: v.commit === true ? true : undefined,
    timeoutMs: num(v['timeout-ms'], 'timeout-ms', { int: true, min: 1 }),
  };
}
