// `plan --compare --models a,b,c`: the paper's Fig. 6b table for the models a user could pick,
// from the pricing table and each model's stored `estimate` (its error rate, red flags and
// tokens per sample), cheapest first, with what n-sampling and caching would save on each.
import { plan, PAPER_TOKENS, type Plan } from '../engine/planner';
import { planSavings, type ModeCost, type Savings } from '../engine/planSavings';
import { priceOf, type ModelPrice, type PricingTable } from '../llm/pricing';
import { UsageError } from './options';
import type { StoredEstimate } from './planEstimate';
import { finite } from './planJson';

/** A flag given once for every model (`--error-rate 0.01`) or per model (`--error-rate a=0.01,b=0.2`). */
export interface PerModel {
  all?: number;
  byModel: Map<string, number>;
}

export interface CompareRequest {
  models: string[];
  steps: number;
  target: number;
  estimates: Map<string, StoredEstimate>;
  errorRate: PerModel;
  flagRate: PerModel;
  tokensIn: PerModel;
  tokensOut: PerModel;
  prefixShare: number;
  pricing?: PricingTable;
}

export interface CompareRow {
  model: string;
  /** Where the error rate came from: the estimate file, or 'flag'. */
  source: string;
  errorRate: number;
  flagRate: number;
  tokensIn: number;
  tokensOut: number;
  price: ModelPrice;
  plan: Plan;
  savings?: Savings;
}

export interface Comparison {
  rows: CompareRow[];
  /** Models with no estimate and no --error-rate: the command that would measure them. */
  missing: { model: string; hint: string }[];
}

export function compareModels(r: CompareRequest): Comparison {
  const rows: CompareRow[] = [];
  const missing: Comparison['missing'] = [];
  for (const model of r.models) {
    const price = priceOf(model, r.pricing)?.price;
    if (!price) throw new UsageError(`--models: unknown model '${model}': no price in the pricing table (add it under \`pricing:\` in config.yaml)`);
    const e = r.estimates.get(model);
    // An explicit per-model flag wins; then the model's estimate; then the flag given for all.
    const pick = (f: PerModel, fromEstimate: number | undefined) => f.byModel.get(model) ?? fromEstimate ?? f.all;
    const errorRate = pick(r.errorRate, e?.errorRate);
    if (errorRate === undefined) {
      missing.push({ model, hint: `no estimate for ${model}: run \`microfactory estimate --llm-provider PROVIDER --llm-model ${model} --json > ${model}.json\` and pass --estimate ${model}.json, or give --error-rate ${model}=RATE` });
      continue;
    }
    const flagRate = pick(r.flagRate, e?.flagRate) ?? 0;
    const tokensIn = pick(r.tokensIn, e?.tokensIn) ?? PAPER_TOKENS.in;
    const tokensOut = pick(r.tokensOut, e?.tokensOut) ?? PAPER_TOKENS.out;
    const p = plan({ errorRate, steps: r.steps, target: r.target, flagRate, tokensIn, tokensOut, priceIn: price.input, priceOut: price.output });
    const savings = planSavings({ plan: p, validRate: 1 - flagRate, steps: r.steps, tokensIn, tokensOut, prices: price, prefixShare: r.prefixShare });
    rows.push({ model, source: r.errorRate.byModel.has(model) || !e ? 'flag' : e.file, errorRate, flagRate, tokensIn, tokensOut, price, plan: p, savings });
  }
  // Cheapest first; a model voting cannot help (p <= 1/2, cost Infinity) sorts last.
  rows.sort((a, b) => a.plan.expectedCost - b.plan.expectedCost || a.model.localeCompare(b.model));
  return { rows, missing };
}

function modeJson(m: ModeCost | undefined) {
  return m ? { cost_usd: m.cost, saving: m.saving } : null;
}

/** The JSON form of a Savings, shared by `plan --json` and `plan --compare --json`. */
export function savingsJson(s: Savings | undefined) {
  if (!s) return null;
  return {
    requests_per_step: { separate: s.requestsPerStep.separate, batched: s.requestsPerStep.batched, after_first: s.requestsPerStep.afterFirst },
    separate: modeJson(s.separate), after_first: modeJson(s.afterFirst), batched: modeJson(s.batched),
    caching: modeJson(s.cached), after_first_caching: modeJson(s.afterFirstCached), below_cache_minimum: s.belowCacheMinimum,
  };
}

export function comparisonJson(r: CompareRequest, c: Comparison) {
  return {
    steps: r.steps, target: r.target, prefix_share: r.prefixShare,
    models: c.rows.map((row) => ({
      model: row.model, source: row.source, error_rate: row.errorRate, flag_rate: row.flagRate, tokens_in: row.tokensIn, tokens_out: row.tokensOut,
      price: { input: row.price.input, output: row.price.output, cached_input: row.price.cachedInput ?? null },
      solvable: row.plan.solvable, k_min: finite(row.plan.kMin), samples_per_step: finite(row.plan.samplesPerStep), total_samples: finite(row.plan.totalSamples),
      cost_per_sample_usd: row.plan.costPerSample, expected_cost_usd: finite(row.plan.expectedCost), eq18_cost_usd: finite(row.plan.eq18Cost),
      savings: savingsJson(row.savings),
    })),
    missing: c.missing,
  };
}
