// What n-sampling and caching would save (engine/planSavings.ts), against hand arithmetic.
import assert from 'node:assert/strict';
import { plan } from '../../../src/engine/planner';
import { planSavings, type SavingsInput } from '../../../src/engine/planSavings';
import { raceRounds } from '../../../src/engine/raceRounds';

function close(actual: number, expected: number, rel = 1e-9, msg?: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1e-12, Math.abs(expected)), msg ?? `${actual} is not within ${rel} of ${expected}`);
}

// The simulated model's Hanoi sample (R2.7): 301 input and 32 output tokens at gpt-4.1-mini's
// list prices, $0.40 and $1.60 per million: 120.4 µ$ of input and 51.2 µ$ of output a sample.
const MINI = { input: 0.4, output: 1.6 };
const base = (over: Partial<SavingsInput> = {}): SavingsInput => ({
  plan: { p: 1, kMin: 3, samplesPerStep: 3, solvable: true }, validRate: 1, steps: 1, tokensIn: 301, tokensOut: 32, prices: MINI, prefixShare: 0.75, ...over,
});

describe('engine/planSavings', () => {
  it('k = 3 at 301 in / 32 out, every vote right: the hand arithmetic', () => {
    const s = planSavings(base())!;
    // separate: 3 requests of 301 in and 32 out = 3 x 171.6 = 514.8 µ$ a step.
    close(s.separate.cost, 514.8e-6);
    // batched: one request of 301 in, three choices of 32 out = 120.4 + 153.6 = 274.0 µ$.
    close(s.batched.cost, 274.0e-6);
    close(s.batched.saving, 1 - 274.0 / 514.8); // 46.8 %
    // after_first: the first vote alone, the other two in one request = 2 x 120.4 + 153.6 = 394.4 µ$.
    close(s.afterFirst.cost, 394.4e-6);
    close(s.afterFirst.saving, 1 - 394.4 / 514.8); // 23.4 %
    assert.deepEqual(s.requestsPerStep, { separate: 3, batched: 1, afterFirst: 2 });
    assert.equal(s.batched.saving.toFixed(3), '0.468');
    assert.equal(s.afterFirst.saving.toFixed(3), '0.234');
  });

  it("the paper's gpt-4.1-mini (1-p = .0022, k = 3, a million steps): the input is saved on every sample but one per round", () => {
    const steps = 1048575;
    const p = plan({ errorRate: 0.0022, steps, target: 0.95, tokensIn: 301, tokensOut: 32, priceIn: 0.4, priceOut: 1.6 });
    assert.equal(p.kMin, 3);
    const s = planSavings(base({ plan: p, steps }))!;
    const S = p.samplesPerStep;
    const R = raceRounds(0.9978, 3)!.rounds;
    close(s.separate.cost, p.expectedCost, 1e-12, 'separate is the plan itself');
    close(s.batched.cost, steps * (R * 120.4e-6 + S * 51.2e-6));
    close(s.afterFirst.cost, steps * ((R + 1) * 120.4e-6 + S * 51.2e-6));
    close(s.batched.saving, ((S - R) * 120.4) / (S * 171.6));
    assert.equal(s.batched.saving.toFixed(3), '0.467');
  });

  it('k = 1 has no first vote to split off: after_first is batched', () => {
    const s = planSavings(base({ plan: { p: 0.9, kMin: 1, samplesPerStep: 1, solvable: true } }))!;
    assert.equal(s.requestsPerStep.afterFirst, s.requestsPerStep.batched);
  });

  it('caching bills the stable prefix at the cached price, and one cache write per run', () => {
    // 1,200 in (above the 1,024 providers cache), 75 % stable: per request 1200 x (0.25 x 0.40 + 0.75 x 0.10) = 210 µ$ instead of 480.
    const prices = { ...MINI, cachedInput: 0.1 };
    const s = planSavings(base({ tokensIn: 1200, steps: 1000, prices }))!;
    close(s.separate.cost, 1000 * 3 * (480e-6 + 51.2e-6));
    // The first request writes the 900-token prefix at the input price instead of reading it: +900 x 0.3 µ$.
    close(s.cached!.cost, 1000 * 3 * (210e-6 + 51.2e-6) + 900 * 0.3e-6);
    close(s.afterFirstCached!.cost, 1000 * (2 * 210e-6 + 3 * 51.2e-6) + 900 * 0.3e-6);
    assert.equal(s.belowCacheMinimum, false);
    // Anthropic bills the write at a premium (cacheWrite).
    const anthropic = planSavings(base({ tokensIn: 1200, steps: 1000, prices: { ...prices, cacheWrite: 0.5 } }))!;
    close(anthropic.cached!.cost - s.cached!.cost, 900 * 0.1e-6);
  });

  it('no cached price: no caching figure, never an invented one', () => {
    const s = planSavings(base())!;
    assert.equal(s.cached, undefined);
    assert.equal(s.afterFirstCached, undefined);
  });

  it('a prompt under 1,024 tokens is marked: providers would not cache it', () => {
    assert.equal(planSavings(base({ prices: { ...MINI, cachedInput: 0.1 } }))!.belowCacheMinimum, true);
  });

  it('red flags: every flagged sample is billed in full when separate, its round shared when batched', () => {
    const p = plan({ errorRate: 0.1, steps: 100, target: 0.95, flagRate: 0.2 });
    const s = planSavings(base({ plan: p, validRate: 0.8, steps: 100 }))!;
    const race = raceRounds(0.9, p.kMin, 0.8)!;
    close(s.requestsPerStep.separate, p.samplesPerStep);
    close(race.samples, p.samplesPerStep, 1e-7);
    close(s.requestsPerStep.batched, race.rounds);
  });

  it('no race to plan when voting cannot converge', () => {
    assert.equal(planSavings(base({ plan: plan({ errorRate: 0.6, steps: 100, target: 0.95 }) })), undefined);
  });
});
