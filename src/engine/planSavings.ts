// What n-sampling and prompt caching would save on a planned run (R2.7), in one pure function.
//
// Billing per voted step, with S samples and R race rounds per step (raceRounds.ts):
//   separate      every sample is a request:                  S·in·c_in            + S·out·c_out
//   batched       one request per round (OpenAI `n`, Gemini
//                 `candidateCount`: the prompt billed once):   R·in·c_in            + S·out·c_out
//   after_first   the first vote alone (its own temperature),
//                 then one request per round:                  (R+1)·in·c_in        + S·out·c_out   (k >= 2)
//   caching       the stable prefix (share h of the input) read from the provider's cache:
//                 in·c_in becomes in·((1-h)·c_in + h·c_cached) per request, plus one cache write
//                 per run at c_write (absent: c_in).
// Output is billed per sample (per choice) in every mode.
import type { Plan } from './planner';
import { raceRounds } from './raceRounds';

/** OpenAI and Gemini cache prompts of 1,024 tokens or more; Anthropic's floor is 1,024 to 4,096 by model. */
export const MIN_CACHED_PROMPT_TOKENS = 1024;

/** $ per million tokens; the shape of llm/pricing's ModelPrice, restated so the engine imports nothing. */
export interface SavingsPrices {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
}

export interface SavingsInput {
  plan: Pick<Plan, 'p' | 'kMin' | 'samplesPerStep' | 'solvable'>;
  /** 1 - red-flag rate. */
  validRate: number;
  steps: number;
  tokensIn: number;
  tokensOut: number;
  prices: SavingsPrices;
  /** Share of the input that is the same for every request of a run (system, rules, repository map). */
  prefixShare: number;
}

export interface ModeCost {
  /** Expected cost of the whole run, USD. */
  cost: number;
  /** 1 - cost / separate cost. */
  saving: number;
}

export interface Savings {
  /** Expected requests per step under `separate` (= samples) and n-sampling. */
  requestsPerStep: { separate: number; batched: number; afterFirst: number };
  separate: ModeCost;
  batched: ModeCost;
  afterFirst: ModeCost;
  /** Undefined when the model has no known cache price. */
  cached?: ModeCost;
  /** The prompt is shorter than any provider caches: the caching figures are what a longer stable prefix would save. */
  belowCacheMinimum: boolean;
  /** after_first (the chain domains' default) with caching. */
  afterFirstCached?: ModeCost;
}

/** The savings, or undefined when the plan has no finite race (p <= 1/2, or k too large to plan rounds). */
export function planSavings(i: SavingsInput): Savings | undefined {
  if (!i.plan.solvable) return undefined;
  const race = raceRounds(i.plan.p, i.plan.kMin, i.validRate);
  if (!race) return undefined;
  // The planner's samples per step (gambler's ruin / v) and the round model's agree; use the
  // planner's so that `separate` here is exactly the plan's expected cost.
  const samples = i.plan.samplesPerStep;
  const requests = { separate: samples, batched: race.rounds, afterFirst: race.rounds + (i.plan.kMin >= 2 ? 1 : 0) };
  const perMillion = 1e6;
  const outCost = (samples * i.tokensOut * i.prices.output) / perMillion;
  const inCost = (perRequest: number) => (i.tokensIn * perRequest) / perMillion;
  const run = (reqs: number, inPrice: number, once = 0) => i.steps * (reqs * inCost(inPrice) + outCost) + once;
  const separate = run(requests.separate, i.prices.input);
  const mode = (cost: number): ModeCost => ({ cost, saving: separate > 0 ? 1 - cost / separate : 0 });
  const out: Savings = {
    requestsPerStep: requests, separate: mode(separate), batched: mode(run(requests.batched, i.prices.input)), afterFirst: mode(run(requests.afterFirst, i.prices.input)),
    belowCacheMinimum: i.tokensIn < MIN_CACHED_PROMPT_TOKENS,
  };
  const cached = i.prices.cachedInput;
  if (cached !== undefined) {
    const h = i.prefixShare;
    const cachedIn = (1 - h) * i.prices.input + h * cached;
    // The first request writes the prefix instead of reading it; once per run (a busy run keeps the cache warm).
    const write = inCost(h * ((i.prices.cacheWrite ?? i.prices.input) - cached));
    out.cached = mode(run(requests.separate, cachedIn, write));
    out.afterFirstCached = mode(run(requests.afterFirst, cachedIn, write));
  }
  return out;
}
