// The calibration lab's arithmetic: which steps are systematic (a wrong plurality, which no k
// fixes), the decorrelation check, the per-disk and per-length rates, and P(solved) with the
// systematic steps counted.
import assert from 'node:assert/strict';
import { analyze, pSolvedWithSystematic, type StepOutcome } from '../../../src/app/estimateLab';
import { pSub } from '../../../src/engine/planner';

const step = (disks: number, t: number, keys: (string | undefined)[], tokens = 30): StepOutcome => ({ disks, t, right: 'R', keys, tokensOut: keys.map(() => tokens) });

describe('estimate lab (app/estimateLab)', () => {
  it('a step whose plurality is one wrong answer is systematic; a split wrong vote is not', () => {
    const lab = analyze([
      step(6, 0, ['R', 'R', 'R', 'R', 'R']),
      step(6, 1, ['W', 'W', 'W', 'R', 'R']), // systematic: W leads R
      step(8, 2, ['W', 'X', 'R', 'Y', 'R']), // R leads: random errors
      step(8, 3, ['W', 'R', 'W', 'R', undefined]), // a tie is not systematic
      step(8, 4, [undefined, undefined, undefined, undefined, undefined]), // never judged
    ], 5);
    assert.equal(lab.stepsJudged, 4);
    assert.equal(lab.systematicSteps, 1);
    assert.equal(lab.systematicShare, 0.25);
    // The other steps: 0 + 3 + 2 errors over 5 + 5 + 4 valid samples.
    assert.equal(lab.randomErrorRate, 5 / 14);
    assert.deepEqual(lab.worst[0], { disks: 6, step: 2, errorShare: 0.6, valid: 5, majority: 'W', systematic: true });
    assert.deepEqual(lab.byDisks, [{ disks: 6, valid: 10, errors: 3, rate: 0.3 }, { disks: 8, valid: 9, errors: 5, rate: 5 / 9 }]);
  });

  it('decorrelation: samples 1 and 2 as two runs, wrong in both against independence', () => {
    const lab = analyze([step(6, 0, ['W', 'W']), step(6, 1, ['W', 'R']), step(6, 2, ['R', 'R']), step(6, 3, ['R', 'W'])], 2);
    assert.deepEqual(lab.decorrelation, { steps: 4, wrongFirst: 2, wrongSecond: 2, wrongBoth: 1, expectedIfIndependent: 1 });
    assert.equal(analyze([step(6, 0, ['W'])], 1).decorrelation, undefined, 'one sample per step has no second run');
  });

  it('error rate against answer length, in buckets that never overlap', () => {
    const outcomes = [...Array.from({ length: 30 }, (_, i) => step(6, i, ['R'], 20)), ...Array.from({ length: 30 }, (_, i) => step(6, 30 + i, ['W'], 60))];
    const lab = analyze(outcomes, 1);
    assert.deepEqual(lab.byLength.map((b) => [b.minTokens, b.maxTokens, b.rate]), [[20, 20, 0], [60, 60, 1]]);
  });

  it('P(solved) with systematic steps: any share sinks a long task, whatever k', () => {
    const p = pSub(0.95, 5);
    assert.equal(pSolvedWithSystematic(1000, 0, p), p ** 1000);
    assert.ok(Math.abs(pSolvedWithSystematic(1000, 0.01, 1) - 0.99 ** 1000) < 1e-12);
    assert.ok(pSolvedWithSystematic(1000, 0.01, p) < 5e-5);
  });
});
