// Flag parsing on node:util parseArgs, with the user guide's flag names. Numbers are checked
// here so a typo like `--k x` is a one-line usage error (exit 2), not a NaN deep in a run.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RunOverrides } from '../app/api';
import { checkNumber, type NumberRule } from '../app/bounds';
import { UsageError } from '../app/options';
import { SAMPLING_MODES } from '../engine/config';
import { LIMITS } from '../engine/limits';

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
  vote: { type: 'string' },
  sampling: { type: 'string' },
  'max-concurrent-llm': { type: 'string' },
  'repo-path': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'step-by-step': { type: 'boolean' },
  'human-low-margin-threshold': { type: 'string' },
  'human-red-flag-threshold': { type: 'string' },
  'human-resample-threshold': { type: 'string' },
  'budget-usd': { type: 'string' },
  'warn-usd': { type: 'string' },
  'max-step-usd': { type: 'string' },
  disks: { type: 'string' },
  'error-rate': { type: 'string' },
  'fix-rate': { type: 'string' },
  'judge-rate': { type: 'string' },
  'known-fixes': { type: 'string' },
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
    // parseArgs explains some mistakes over several lines (`--k -5`); a usage error is one line.
    throw new UsageError((e as Error).message.trim().split(/\s*\n\s*/).join(' '));
  }
}

export function num(v: unknown, flag: string, rule: NumberRule = {}): number | undefined {
  if (v === undefined) return undefined;
  const text = typeof v === 'string' ? v : String(v);
  // Number('') and Number(' ') are 0: an empty value is a typo, not zero.
  return checkNumber(typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN, flag, rule, text);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * --config, else ./config.yaml when the current folder has one (the original tool's default, so
 * its users' configs are found where they keep them), else undefined: the bundled config.
 * Not for resume, which keeps the config its session was started with unless --config is given.
 */
export function configFlag(v: Record<string, string | boolean | undefined>): string | undefined {
  const given = str(v.config);
  if (given !== undefined) return given;
  return existsSync('config.yaml') ? resolve('config.yaml') : undefined;
}

/** The run/resume overrides shared by both commands. */
/** --vote ahead-by-k | first-to-k (the config's spelling with underscores is accepted too). */
function voteRule(v: string | boolean | undefined): RunOverrides['voteRule'] {
  if (typeof v !== 'string') return undefined;
  const rule = v.trim().replace(/-/g, '_');
  if (rule === 'ahead_by_k' || rule === 'first_to_k') return rule;
  throw new UsageError(`--vote must be ahead-by-k or first-to-k, got '${v}'`);
}

/** --sampling separate | batched | after-first (after_first accepted too). */
function sampling(v: string | boolean | undefined): RunOverrides['sampling'] {
  if (typeof v !== 'string') return undefined;
  const mode = v.trim().replace(/-/g, '_');
  const known = SAMPLING_MODES.find((m) => m === mode);
  if (known) return known;
  throw new UsageError(`--sampling must be separate, batched or after-first, got '${v}'`);
}

export function runOverrides(v: Record<string, string | boolean | undefined>): RunOverrides {
  const thresholds = {
    lowMargin: num(v['human-low-margin-threshold'], 'human-low-margin-threshold', LIMITS.threshold),
    redFlags: num(v['human-red-flag-threshold'], 'human-red-flag-threshold', LIMITS.threshold),
    resamples: num(v['human-resample-threshold'], 'human-resample-threshold', LIMITS.threshold),
  };
  return {
    configPath: str(v.config),
    provider: str(v['llm-provider']),
    model: str(v['llm-model']),
    apiKey: str(v['api-key']),
    baseUrl: str(v['base-url']),
    samples: num(v.samples, 'samples', LIMITS.samples),
    k: num(v.k, 'k', LIMITS.k),
    adaptiveK: v['adaptive-k'] === true ? true : undefined,
    voteRule: voteRule(v.vote),
    sampling: sampling(v.sampling),
    maxConcurrentLlm: num(v['max-concurrent-llm'], 'max-concurrent-llm', LIMITS.maxConcurrentLlm),
    repoPath: str(v['repo-path']),
    dryRun: v['dry-run'] === true ? true : undefined,
    stepByStep: v['step-by-step'] === true ? true : undefined,
    thresholds: Object.values(thresholds).some((x) => x !== undefined) ? thresholds : undefined,
    budgetUsd: num(v['budget-usd'], 'budget-usd', LIMITS.budgetUsd),
    warnUsd: num(v['warn-usd'], 'warn-usd', LIMITS.spendMarkUsd),
    maxStepUsd: num(v['max-step-usd'], 'max-step-usd', LIMITS.spendMarkUsd),
    disks: num(v.disks, 'disks', LIMITS.disks),
    errorRate: num(v['error-rate'], 'error-rate', LIMITS.errorRate),
    fixRate: num(v['fix-rate'], 'fix-rate', LIMITS.errorRate),
    judgeRate: num(v['judge-rate'], 'judge-rate', LIMITS.errorRate),
    knownFixesPath: str(v['known-fixes']),
    seed: num(v.seed, 'seed', LIMITS.seed),
    latencyMs: num(v['latency-ms'], 'latency-ms', LIMITS.latencyMs),
    scriptPath: str(v.script),
    allowDirty: v['allow-dirty'] === true ? true : undefined,
    commit: v.commit === true ? true : undefined,
    timeoutMs: num(v['timeout-ms'], 'timeout-ms', LIMITS.timeoutMs),
  };
}
