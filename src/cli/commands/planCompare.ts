// `microfactory plan --compare --models a,b,c`: the paper's Fig. 6b table (app/planCompare.ts)
// as a table or `--json`, and the savings line `plan` prints for one model too.
import { checkNumber, type NumberRule } from '../../app/bounds';
import { UsageError } from '../../app/options';
import { compareModels, comparisonJson, type CompareRequest, type PerModel } from '../../app/planCompare';
import { readEstimates } from '../../app/planEstimate';
import { loadConfig } from '../../config/load';
import { LIMITS } from '../../engine/limits';
import type { ModeCost, Savings } from '../../engine/planSavings';
import type { PricingTable } from '../../llm/pricing';
import { configFlag, num } from '../args';
import { money, table } from '../output';

type Flags = Record<string, string | boolean | undefined>;

/** The paper's task: 20 disks. */
const PAPER_STEPS = 2 ** 20 - 1;

/**
 * Share of a Hanoi prompt that is the same on every request: our system prompt and procedure are
 * about 240 of 310 tokens (templates/hanoi_*.hbs at 20 disks); the step (previous move, state) is the rest.
 */
export const DEFAULT_PREFIX_SHARE = 0.75;

export function compareCommand(v: Flags): number {
  const models = typeof v.models === 'string' ? v.models.split(',').map((m) => m.trim()).filter(Boolean) : [];
  if (models.length === 0) throw new UsageError('--models needs at least one model name, e.g. --models gpt-4.1-mini,o3-mini');
  for (const flag of ['model', 'price-in', 'price-out', 'price-cached']) {
    if (v[flag] !== undefined) throw new UsageError(`--${flag} does not go with --compare: each model's price comes from the pricing table (config.yaml \`pricing:\` adds or overrides one)`);
  }
  const known = new Set(models);
  const request: CompareRequest = {
    models: [...known],
    steps: num(v.steps, 'steps', LIMITS.planSteps) ?? PAPER_STEPS,
    target: target(v),
    estimates: typeof v.estimate === 'string' ? readEstimates(v.estimate) : new Map(),
    errorRate: perModel(v['error-rate'], 'error-rate', LIMITS.errorRate, known),
    flagRate: perModel(v['flag-rate'], 'flag-rate', { min: 0, max: 0.99 }, known),
    tokensIn: perModel(v['tokens-in'], 'tokens-in', LIMITS.tokens, known),
    tokensOut: perModel(v['tokens-out'], 'tokens-out', LIMITS.tokens, known),
    prefixShare: prefixShare(v),
    pricing: configPricing(v),
  };
  const c = compareModels(request);
  if (v.json) {
    process.stdout.write(JSON.stringify(comparisonJson(request, c)) + '\n');
    return 0;
  }
  const out = [`plan --compare: ${request.steps.toLocaleString('en-US')} steps, target ${request.target}; expected cost by Eq. 14 and 18 with input and output tokens, cheapest first`];
  if (c.rows.length > 0) {
    out.push(table([
      ['model', '1-p', 'k_min', 'samples/step', 'tokens in/out', '$/sample', 'expected cost', 'n-sampling: after_first / batched', 'caching'],
      ...c.rows.map((r) => {
        const p = r.plan;
        if (!p.solvable) return [r.model, r.errorRate.toFixed(4), '-', '-', `${fmt(r.tokensIn)}/${fmt(r.tokensOut)}`, money(p.costPerSample), 'no k: p <= 0.5', '-', '-'];
        return [r.model, r.errorRate.toFixed(4), String(p.kMin), p.samplesPerStep.toFixed(3), `${fmt(r.tokensIn)}/${fmt(r.tokensOut)}`, money(p.costPerSample), money(p.expectedCost), nSampling(r.savings), caching(r.savings)];
      }),
    ]));
    const sources = c.rows.filter((r) => r.source !== 'flag').map((r) => `${r.model} from ${r.source}`);
    if (sources.length) out.push(`measured: ${sources.join('; ')}`);
    if (c.rows.some((r) => r.savings?.belowCacheMinimum && r.savings.cached)) out.push(CACHE_MINIMUM_NOTE);
  }
  out.push(...c.missing.map((m) => m.hint));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

export const CACHE_MINIMUM_NOTE = 'caching: providers cache only prompts of 1,024 tokens or more; a shorter prompt (marked *) saves nothing until a stable prefix (a repository map) makes it longer';

/** config.yaml's \`pricing:\` map (--config, else ./config.yaml when there is one), over the built-in table. */
export function configPricing(v: Flags): PricingTable | undefined {
  const path = configFlag(v);
  return path === undefined ? undefined : Object.values(loadConfig(path).domains)[0]?.pricing;
}

/** The --target flag (default 0.95), strictly between 0 and 1. */
export function target(v: Flags): number {
  const t = num(v.target, 'target', { min: 0, max: 1 }) ?? 0.95;
  if (t <= 0 || t >= 1) throw new UsageError('--target must be between 0 and 1 (exclusive)');
  return t;
}

export function prefixShare(v: Flags): number {
  return num(v['prefix-share'], 'prefix-share', { min: 0, max: 1 }) ?? DEFAULT_PREFIX_SHARE;
}

/** An error rate of 1/2 or more is a usage error: no k helps (the paper, Sec. 4). */
export function solvableRate(rate: number, flag: string): number {
  if (rate >= 0.5) throw new UsageError(`${flag} ${rate}: a per-step success of ${+(1 - rate).toFixed(6)} is not above 0.5, so voting cannot help (more votes entrench the wrong answer)`);
  return rate;
}

/** `0.01` for every model, or `a=0.01,b=0.2` per model (a bare number among pairs sets the rest). */
function perModel(value: string | boolean | undefined, flag: string, rule: NumberRule, models: Set<string>): PerModel {
  const out: PerModel = { byModel: new Map() };
  if (typeof value !== 'string') return out;
  for (const part of value.split(',').map((s) => s.trim())) {
    const eq = part.lastIndexOf('=');
    const model = eq < 0 ? undefined : part.slice(0, eq).trim();
    const text = eq < 0 ? part : part.slice(eq + 1).trim();
    if (model !== undefined && !models.has(model)) throw new UsageError(`--${flag} ${part}: '${model}' is not one of --models`);
    let n = checkNumber(text === '' ? NaN : Number(text), flag, rule, part);
    if (flag === 'error-rate') n = solvableRate(n, `--${flag}${model ? ` ${model}=` : ''}`);
    if (model === undefined) out.all = n;
    else out.byModel.set(model, n);
  }
  return out;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
/** A saving as the change in cost: -14.3 % (0.0 % when it rounds away). */
function pct(m: ModeCost): string {
  const text = Math.abs(m.saving * 100).toFixed(1);
  return text === '0.0' ? '0.0 %' : `${m.saving > 0 ? '-' : '+'}${text} %`;
}

function nSampling(s: Savings | undefined): string {
  return s ? `${pct(s.afterFirst)} / ${pct(s.batched)}` : 'k too large to plan rounds';
}

function caching(s: Savings | undefined): string {
  if (!s) return '-';
  if (!s.cached) return 'no cache price known';
  return `${pct(s.cached)}${s.belowCacheMinimum ? '*' : ''}`;
}

/** The savings lines `plan` prints for one model. */
export function savingsLines(s: Savings | undefined, model: string | undefined): string[] {
  if (!s) return ['savings: not planned (k too large to plan race rounds)'];
  const lines = [
    `n-sampling (one request per race round, the prompt billed once): after_first ${money(s.afterFirst.cost)} (${pct(s.afterFirst)}), batched ${money(s.batched.cost)} (${pct(s.batched)}); ` +
      `${s.requestsPerStep.afterFirst.toFixed(3)} and ${s.requestsPerStep.batched.toFixed(3)} requests per step instead of ${s.requestsPerStep.separate.toFixed(3)}`,
  ];
  if (!s.cached || !s.afterFirstCached) lines.push(`caching: no cache price known${model ? ` for ${model}` : ' (give --model or --price-cached)'}`);
  else lines.push(`caching (stable prefix at the cached price): ${money(s.cached.cost)} (${pct(s.cached)}); with after_first ${money(s.afterFirstCached.cost)} (${pct(s.afterFirstCached)})${s.belowCacheMinimum ? '*' : ''}`);
  if (s.cached && s.belowCacheMinimum) lines.push(CACHE_MINIMUM_NOTE);
  return lines;
}
