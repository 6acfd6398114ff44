// The projected total (src/engine/projection.ts) and the sums it reads (totals.ts addStep):
// remaining steps × measured samples per step × measured cost per sample, with a range from the
// spread of samples per step.
import assert from 'node:assert/strict';
import { emptySessionMetrics, emptyStepMetrics, type SessionMetrics } from '../../../src/engine/model';
import { projectTotal } from '../../../src/engine/projection';
import { addStep, retotal } from '../../../src/engine/totals';
import { chainStep } from '../../support/store-fixtures';

/** A chain of `total` steps whose completed steps drew these samples, each at `usd` per sample. */
function chain(total: number, perStep: number[], usd: number): SessionMetrics {
  const sm = emptySessionMetrics();
  sm.stepsTotal = total;
  for (const n of perStep) {
    addStep(sm, { ...emptyStepMetrics(), samplesRequested: n, costUsd: n * usd });
    sm.stepsCompleted++;
  }
  return sm;
}

describe('engine/projection', () => {
  it('nothing is projected before a step has sampled', () => {
    assert.equal(projectTotal(chain(10, [], 0.01), 'chain'), undefined);
  });

  it('steps that all drew the same: the range closes on spent + remaining × samples × cost', () => {
    const p = projectTotal(chain(10, [3, 3, 3, 3], 0.01), 'chain')!;
    assert.equal(p.remainingSteps, 6);
    assert.equal(p.samplesPerStep, 3);
    assert.ok(Math.abs(p.usd!.mid - (0.12 + 6 * 3 * 0.01)) < 1e-12);
    assert.equal(p.usd!.low, p.usd!.mid);
    assert.equal(p.usd!.high, p.usd!.mid);
    assert.equal(p.open, false);
  });

  it('a spread of samples per step widens the range: R·μ ± 2σ√(R + R²/n) samples, never below what was spent', () => {
    const p = projectTotal(chain(100, [3, 5, 3, 5], 0.001), 'chain')!;
    // μ = 4, σ = 1, R = 96, n = 4: sd = √(96 + 96²/4) = √2400 ≈ 48.99 samples.
    const sd = Math.sqrt(96 + (96 * 96) / 4);
    assert.ok(Math.abs(p.samples.mid - 384) < 1e-9);
    assert.ok(Math.abs(p.samples.high - (384 + 2 * sd)) < 1e-9);
    assert.ok(Math.abs(p.samples.low - (384 - 2 * sd)) < 1e-9);
    assert.ok(Math.abs(p.usd!.high - (0.016 + (384 + 2 * sd) * 0.001)) < 1e-12);
    const wide = projectTotal(chain(100, [1, 9], 0.001), 'chain')!;
    assert.equal(wide.samples.low, 0, 'a range never goes below zero samples');
    assert.ok(wide.usd!.low >= 0.01 - 1e-12, 'nor the total below what was spent');
  });

  it('more measured steps narrow the range (μ is better known)', () => {
    const few = projectTotal(chain(1000, [3, 5], 0.001), 'chain')!;
    const many = projectTotal(chain(1000, Array.from({ length: 200 }, (_, i) => (i % 2 ? 3 : 5)), 0.001), 'chain')!;
    assert.ok(many.samples.high - many.samples.low < (few.samples.high - few.samples.low) / 3);
  });

  it('an unpriced run has a sample projection and no dollars; a tree is open while steps remain', () => {
    const p = projectTotal(chain(10, [3, 4], 0), 'tree')!;
    assert.equal(p.usd, undefined);
    assert.equal(p.open, true);
    assert.equal(projectTotal(chain(2, [3, 4], 0.01), 'tree')!.open, false, 'a tree with nothing left is not open');
  });

  it('addStep keeps the spread by the rule of every total: an unfinished step taken back and counted again counts once', () => {
    const sm = emptySessionMetrics();
    const since = { ...emptyStepMetrics(), samplesRequested: 2 };
    addStep(sm, since);
    addStep(sm, { ...emptyStepMetrics(), samplesRequested: 5 });
    addStep(sm, since, -1);
    assert.equal(sm.stepsSampled, 1);
    assert.equal(sm.samplesSq, 25);
    // retotal (a tree, and the store's recount after a crash) sums the same from the rows, from zero.
    retotal(sm, [chainStep(0, { metrics: { ...emptyStepMetrics(), samplesRequested: 3 } }), chainStep(1, { metrics: { ...emptyStepMetrics(), samplesRequested: 4 } })]);
    assert.equal(sm.stepsSampled, 2);
    assert.equal(sm.samplesSq, 25);
  });
});
