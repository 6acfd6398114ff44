// `plan --compare` (app/planCompare.ts): the paper's Fig. 6b costs from the pricing table, the
// paper's error rates and its tokens per sample, cheapest first.
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/app/options';
import { compareModels, comparisonJson, type CompareRequest, type PerModel } from '../../../src/app/planCompare';
import type { StoredEstimate } from '../../../src/app/planEstimate';
import { PAPER_TOKENS } from '../../../src/engine/planner';
import { priceOf } from '../../../src/llm/pricing';

const per = (all?: number, byModel: Record<string, number> = {}): PerModel => ({ all, byModel: new Map(Object.entries(byModel)) });

function request(over: Partial<CompareRequest>): CompareRequest {
  return { models: [], steps: 2 ** 20 - 1, target: 0.95, estimates: new Map(), errorRate: per(), flagRate: per(), tokensIn: per(), tokensOut: per(), prefixShare: 0.75, ...over };
}

// Fig. 6b (20 disks, t = 0.95): 1-p, k_min and E[cost] as the paper prints them (shared/notes/maker.md).
// The paper priced each model at its list price; our table holds the same three prices
// (gpt-4.1-mini $0.40/$1.60, gpt-4.1-nano $0.10/$0.40, o3-mini $1.10/$4.40 per million), which the
// first test checks, so no price is passed explicitly.
// Tokens per sample: about 600 in for every model (maker.md); out, 550 (PAPER_TOKENS, what both
// gpt-4.1-mini rows imply) for gpt-4.1-mini and o3-mini, and 830 for gpt-4.1-nano, whose answers run longer.
const FIG_6B = [
  { model: 'gpt-4.1-mini', errorRate: 0.0022, k: 3, cost: 3.5e3, tokensOut: PAPER_TOKENS.out },
  { model: 'o3-mini', errorRate: 0.0018, k: 3, cost: 9.4e3, tokensOut: PAPER_TOKENS.out },
  { model: 'gpt-4.1-nano', errorRate: 0.3571, k: 29, cost: 41.9e3, tokensOut: 830 },
];

describe('app/planCompare', () => {
  it("the pricing table holds the paper's list prices for the three models", () => {
    const listed = (model: string) => {
      const p = priceOf(model)!.price;
      return [p.input, p.output];
    };
    assert.deepEqual(listed('gpt-4.1-mini'), [0.4, 1.6]);
    assert.deepEqual(listed('gpt-4.1-nano'), [0.1, 0.4]);
    assert.deepEqual(listed('o3-mini'), [1.1, 4.4]);
  });

  it("reproduces the paper's Fig. 6b costs within 5 %, with k_min, cheapest first", () => {
    const c = compareModels(request({
      models: FIG_6B.map((r) => r.model),
      errorRate: per(undefined, Object.fromEntries(FIG_6B.map((r) => [r.model, r.errorRate]))),
      tokensOut: per(undefined, { 'gpt-4.1-nano': 830 }),
    }));
    assert.deepEqual(c.rows.map((r) => r.model), ['gpt-4.1-mini', 'o3-mini', 'gpt-4.1-nano']);
    for (const fig of FIG_6B) {
      const row = c.rows.find((r) => r.model === fig.model)!;
      assert.equal(row.tokensIn, PAPER_TOKENS.in);
      assert.equal(row.tokensOut, fig.tokensOut);
      assert.equal(row.plan.kMin, fig.k, fig.model);
      const off = row.plan.expectedCost / fig.cost - 1;
      assert.ok(Math.abs(off) < 0.05, `${fig.model}: $${row.plan.expectedCost.toFixed(0)} is ${(off * 100).toFixed(1)} % off the paper's $${fig.cost}`);
    }
  });

  it('counts input tokens: the output alone misses every Fig. 6b cost by more than 5 %', () => {
    const c = compareModels(request({
      models: FIG_6B.map((r) => r.model), tokensIn: per(0),
      errorRate: per(undefined, Object.fromEntries(FIG_6B.map((r) => [r.model, r.errorRate]))),
      tokensOut: per(undefined, { 'gpt-4.1-nano': 830 }),
    }));
    for (const fig of FIG_6B) {
      const row = c.rows.find((r) => r.model === fig.model)!;
      assert.ok(row.plan.expectedCost < fig.cost * 0.95, `${fig.model}: output alone gives $${row.plan.expectedCost.toFixed(0)}`);
    }
  });

  it("the paper's gpt-4.1-mini at tau = 1.0 (1-p = .0040, k = 4, $4.9K) within 5 % with the same default tokens", () => {
    const row = compareModels(request({ models: ['gpt-4.1-mini'], errorRate: per(0.004) })).rows[0];
    assert.equal(row.plan.kMin, 4);
    assert.ok(Math.abs(row.plan.expectedCost / 4.9e3 - 1) < 0.05, `$${row.plan.expectedCost.toFixed(0)}`);
  });

  it("a stored estimate gives the model's error rate, red flags and tokens; a per-model flag overrides it, a flag for all does not", () => {
    const est: StoredEstimate = { file: 'mini.json', model: 'gpt-4.1-mini', errorRate: 0.01, flagRate: 0.1, tokensIn: 301, tokensOut: 32, steps: 1023, repeat: 1, systematicShare: 0, randomErrorRate: 0.01 };
    const estimates = new Map([['gpt-4.1-mini', est]]);
    const [fromEstimate] = compareModels(request({ models: ['gpt-4.1-mini'], estimates, errorRate: per(0.2) })).rows;
    assert.deepEqual([fromEstimate.source, fromEstimate.errorRate, fromEstimate.flagRate, fromEstimate.tokensIn, fromEstimate.tokensOut], ['mini.json', 0.01, 0.1, 301, 32]);
    // v = 0.9: more samples than votes.
    assert.ok(Math.abs(fromEstimate.plan.samplesPerStep - fromEstimate.plan.votesPerStep / 0.9) < 1e-9);
    const [overridden] = compareModels(request({ models: ['gpt-4.1-mini'], estimates, errorRate: per(undefined, { 'gpt-4.1-mini': 0.05 }) })).rows;
    assert.deepEqual([overridden.source, overridden.errorRate, overridden.tokensIn], ['flag', 0.05, 301]);
  });

  it('a model with neither an estimate nor --error-rate is listed with the command that measures it', () => {
    const c = compareModels(request({ models: ['gpt-4.1-mini', 'o3-mini'], errorRate: per(undefined, { 'gpt-4.1-mini': 0.01 }) }));
    assert.deepEqual(c.rows.map((r) => r.model), ['gpt-4.1-mini']);
    assert.equal(c.missing.length, 1);
    assert.match(c.missing[0].hint, /^no estimate for o3-mini: run `microfactory estimate .*--llm-model o3-mini --json > o3-mini\.json`/);
  });

  it('an unknown model is a usage error naming it', () => {
    assert.throws(() => compareModels(request({ models: ['gpt-4.1-mini', 'gpt-9-ultra'], errorRate: per(0.01) })), (e: Error) => e instanceof UsageError && /unknown model 'gpt-9-ultra'/.test(e.message));
  });

  it('an estimate voting cannot help (p <= 1/2) sorts last, with no k and no savings', () => {
    const est: StoredEstimate = { file: 'bad.json', model: 'gpt-4.1-nano', errorRate: 0.6, flagRate: 0, tokensIn: 600, tokensOut: 830, steps: 1023, repeat: 1, systematicShare: 0, randomErrorRate: 0.6 };
    const r = request({ models: ['gpt-4.1-nano', 'o3-mini'], estimates: new Map([['gpt-4.1-nano', est]]), errorRate: per(0.01) });
    const c = compareModels(r);
    assert.deepEqual(c.rows.map((row) => [row.model, row.plan.solvable]), [['o3-mini', true], ['gpt-4.1-nano', false]]);
    const json = comparisonJson(r, c);
    assert.equal(json.models[1].k_min, null);
    assert.equal(json.models[1].expected_cost_usd, null);
    assert.equal(json.models[1].savings, null);
  });

  it('JSON: savings per model; a cache figure only where a cached price is known (config pricing over the table)', () => {
    const pricing = { 'no-cache': { input: 0.4, output: 1.6 }, cached: { input: 0.4, output: 1.6, cachedInput: 0.1 } };
    const r = request({ models: ['no-cache', 'cached'], errorRate: per(0.0022), tokensIn: per(301), tokensOut: per(32), pricing });
    const json = comparisonJson(r, compareModels(r));
    for (const m of json.models) {
      assert.equal(m.k_min, 3);
      assert.ok(Math.abs(m.savings!.separate!.cost_usd / m.expected_cost_usd! - 1) < 1e-12);
      assert.ok(m.savings!.batched!.saving > 0.46 && m.savings!.batched!.saving < 0.47, String(m.savings!.batched!.saving));
    }
    const byName = Object.fromEntries(json.models.map((m) => [m.model, m]));
    assert.equal(byName['no-cache'].price.cached_input, null);
    assert.equal(byName['no-cache'].savings!.caching, null);
    assert.equal(byName.cached.price.cached_input, 0.1);
    // 301 tokens, 75 % of them read at a quarter of the price: input 120.4 -> 52.7 µ$ of a 171.6 µ$ sample,
    // (120.4 - 52.7) / 171.6 = 39.5 % saved (the one cache write per run is lost in a million steps).
    assert.ok(Math.abs(byName.cached.savings!.caching!.saving - (120.4 - 0.175 * 301) / 171.6) < 1e-6, String(byName.cached.savings!.caching!.saving));
    assert.equal(byName.cached.savings!.below_cache_minimum, true);
  });
});
