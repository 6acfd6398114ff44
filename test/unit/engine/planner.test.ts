// The paper's cost model: p_sub (gambler's ruin), k_min (Eq. 14), expected votes and cost (Eq. 18).
import assert from 'node:assert/strict';
import { LIMITS } from '../../../src/engine/limits';
import { expectedVotesPerStep, kMin, plan, pSub } from '../../../src/engine/planner';

function close(actual: number, expected: number, rel = 1e-9, msg?: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), msg ?? `${actual} is not within ${rel} of ${expected}`);
}

describe('engine/planner', () => {
  describe('kMin (Eq. 14)', () => {
    it("the paper's worked example: 1-p = 0.0022, s = 2^20 - 1, t = 0.95 gives k_min = 3", () => {
      assert.equal(kMin(1 - 0.0022, 1048575, 0.95), 3);
    });

    it('is the smallest k whose whole-task success reaches the target', () => {
      for (const err of [0.001, 0.0022, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4]) {
        for (const steps of [1, 10, 1023, 1048575]) {
          for (const target of [0.5, 0.9, 0.95, 0.99]) {
            const p = 1 - err;
            const k = kMin(p, steps, target);
            assert.ok(Number.isInteger(k) && k >= 1, `k=${k}`);
            assert.ok(pSub(p, k) ** steps >= target * (1 - 1e-9), `err=${err} s=${steps} t=${target}: k=${k} misses the target`);
            if (k > 1) assert.ok(pSub(p, k - 1) ** steps < target, `err=${err} s=${steps} t=${target}: k-1=${k - 1} already reaches the target`);
          }
        }
      }
    });

    it('k_min stays finite for every solvable p at any step count; the whole plan up to the most steps `plan` accepts', () => {
      // t^(-1/s) - 1 rounded to 0 past ~1e15 steps, so k_min printed as Infinity.
      for (const steps of [1e12, 1e15, 1e16, 1e300]) {
        for (const err of [1e-6, 0.1, 0.4, 0.499999]) {
          for (const target of [0.01, 0.95, 0.999999]) {
            const k = kMin(1 - err, steps, target);
            assert.ok(Number.isInteger(k) && k >= 1, `err=${err} s=${steps} t=${target}: k=${k}`);
            if (steps > LIMITS.planSteps.max) continue;
            const pl = plan({ errorRate: err, steps, target, tokensIn: 1000, tokensOut: 100, priceIn: 1, priceOut: 1 });
            for (const [name, value] of Object.entries(pl)) if (typeof value === 'number') assert.ok(Number.isFinite(value), `err=${err} s=${steps} t=${target}: ${name}=${value}`);
          }
        }
      }
      assert.equal(kMin(0.9, 1e300, 0.95), 316);
    });

    it('grows like ln s: never decreases with more steps, and stays small for a million steps', () => {
      let last = 0;
      for (const s of [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7]) {
        const k = kMin(0.99, s, 0.95);
        assert.ok(k >= last);
        last = k;
      }
      assert.ok(kMin(0.99, 1e6, 0.95) <= 6);
    });

    it('p <= 0.5 has no k (Infinity); p = 1 needs k = 1', () => {
      assert.equal(kMin(0.5, 100, 0.95), Infinity);
      assert.equal(kMin(0.3, 100, 0.95), Infinity);
      assert.equal(kMin(1, 1e6, 0.99), 1);
    });
  });

  describe('pSub (gambler\'s ruin)', () => {
    it('is 1 / (1 + ((1-p)/p)^k)', () => {
      close(pSub(0.9, 1), 0.9);
      close(pSub(0.9, 2), 81 / 82);
      close(pSub(0.8, 3), 1 / (1 + 0.25 ** 3));
      close(pSub(0.6, 4), 1 / (1 + (0.4 / 0.6) ** 4));
    });

    it('is 1/2 at p = 1/2 whatever k, and rises with k when p > 1/2', () => {
      for (const k of [1, 2, 5]) close(pSub(0.5, k), 0.5);
      assert.ok(pSub(0.7, 3) > pSub(0.7, 2));
      assert.ok(pSub(0.7, 2) > pSub(0.7, 1));
    });
  });

  describe('expectedVotesPerStep', () => {
    it('is k (2 p_sub - 1) / (2p - 1)', () => {
      close(expectedVotesPerStep(0.8, 3), (3 * (2 * pSub(0.8, 3) - 1)) / (2 * 0.8 - 1));
    });

    it('is about k / (2p - 1) for p near 1', () => {
      const p = 1 - 0.0022;
      close(expectedVotesPerStep(p, 3), 3 / (2 * p - 1), 1e-6);
      // The paper: about 3.01 votes per step.
      assert.equal(expectedVotesPerStep(p, 3).toFixed(2), '3.01');
    });

    it('is k when every sample is right', () => {
      close(expectedVotesPerStep(1, 1), 1);
      close(expectedVotesPerStep(1, 4), 4);
    });

    it('k = 1 draws exactly one vote', () => {
      close(expectedVotesPerStep(0.7, 1), 1);
    });
  });

  describe('plan()', () => {
    it('p <= 0.5 is not solvable: no finite k, samples or cost', () => {
      const r = plan({ errorRate: 0.5, steps: 100, target: 0.95 });
      assert.equal(r.solvable, false);
      assert.equal(r.kMin, Infinity);
      assert.equal(r.pFull, 0);
      assert.equal(r.votesPerStep, Infinity);
      assert.equal(r.eq18Cost, Infinity);
      assert.equal(plan({ errorRate: 0.7, steps: 10, target: 0.9 }).solvable, false);
    });

    it("the paper's example without prices: k = 3, ~3.01 samples per step, p_full above the target", () => {
      const r = plan({ errorRate: 0.0022, steps: 1048575, target: 0.95 });
      assert.equal(r.solvable, true);
      close(r.p, 0.9978);
      assert.equal(r.kMin, 3);
      close(r.pSub, pSub(0.9978, 3));
      close(r.pFull, pSub(0.9978, 3) ** 1048575);
      assert.ok(r.pFull >= 0.95);
      assert.equal(r.samplesPerStep, r.votesPerStep);
      close(r.totalSamples, r.samplesPerStep * 1048575);
      assert.equal(r.costPerSample, 0);
      assert.equal(r.expectedCost, 0);
    });

    it('costs: c = n_in c_in + n_out c_out ($ per million), exact expectation and Eq. 18', () => {
      const input = { errorRate: 0.01, steps: 1023, target: 0.95, flagRate: 0.1, tokensIn: 1000, tokensOut: 200, priceIn: 0.4, priceOut: 1.6 };
      const r = plan(input);
      const c = (1000 * 0.4 + 200 * 1.6) / 1e6;
      const p = 0.99;
      const v = 0.9;
      const k = kMin(p, 1023, 0.95);
      close(r.costPerSample, c);
      assert.equal(r.kMin, k);
      close(r.votesPerStep, expectedVotesPerStep(p, k));
      close(r.samplesPerStep, expectedVotesPerStep(p, k) / v);
      close(r.totalSamples, (expectedVotesPerStep(p, k) / v) * 1023);
      close(r.expectedCost, c * (expectedVotesPerStep(p, k) / v) * 1023);
      close(r.eq18Cost, (c * 1023 * k) / (v * (2 * p - 1)));
      // Eq. 18 is an approximation of the exact expectation (within a few percent here).
      assert.ok(Math.abs(r.eq18Cost - r.expectedCost) / r.expectedCost < 0.05);
    });

    it('red flags raise the samples needed: v = 1 - flag rate', () => {
      const clean = plan({ errorRate: 0.01, steps: 1000, target: 0.9 });
      const flagged = plan({ errorRate: 0.01, steps: 1000, target: 0.9, flagRate: 0.5 });
      close(flagged.samplesPerStep, clean.samplesPerStep * 2);
    });

    it('an error rate of 0 needs one vote per step', () => {
      const r = plan({ errorRate: 0, steps: 1000, target: 0.99 });
      assert.equal(r.kMin, 1);
      close(r.votesPerStep, 1);
      close(r.pFull, 1);
    });
  });
});
