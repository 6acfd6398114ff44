// Race rounds per step (engine/raceRounds.ts): the requests n-sampling would send. Checked
// against the planner's gambler's-ruin samples, hand algebra for k = 3, and a real race.
import assert from 'node:assert/strict';
import { expectedVotesPerStep } from '../../../src/engine/planner';
import { Race } from '../../../src/engine/race';
import { MAX_ROUNDS_K, raceRounds } from '../../../src/engine/raceRounds';
import { mulberry32 } from '../../../src/llm/random';

function close(actual: number, expected: number, rel: number, msg?: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), msg ?? `${actual} is not within ${rel} of ${expected}`);
}

describe('engine/raceRounds', () => {
  it("its samples per step are the planner's k(2p_sub - 1)/(2p - 1) / v, for many p, k and v", () => {
    for (const p of [0.55, 0.64, 0.8, 0.9978, 1]) {
      for (const k of [1, 2, 3, 5, 12, 29]) {
        for (const v of [1, 0.9, 0.5]) {
          const r = raceRounds(p, k, v)!;
          close(r.samples, expectedVotesPerStep(p, k) / v, 1e-7, `p=${p} k=${k} v=${v}: ${r.samples}`);
          assert.ok(r.rounds >= 1 && r.rounds <= r.samples + 1e-9, `p=${p} k=${k} v=${v}: rounds ${r.rounds}`);
        }
      }
    }
  });

  it('every sample right: one round of k', () => {
    for (const k of [1, 3, 7]) assert.deepEqual(raceRounds(1, k), { rounds: 1, samples: k });
  });

  it('k = 1 is one sample per round, redrawn while red-flagged: 1/v rounds', () => {
    close(raceRounds(0.8, 1, 0.5)!.rounds, 2, 1e-12);
    close(raceRounds(0.8, 1, 1)!.rounds, 1, 1e-12);
  });

  it('k = 3 matches hand algebra: margins 0 and +-1, rounds of 3 then 2', () => {
    // From margin 0 a round of 3 ends the race (3-0 or 0-3) or leaves +-1. From +1 a round of 2
    // ends it (both right), stays (one each) or falls to -1 (both wrong); -1 mirrors it.
    //   x = 1 + 2pq x + q^2 y,  y = 1 + 2pq y + p^2 x,  R = 1 + 3p^2 q x + 3p q^2 y
    for (const p of [0.9978, 0.9, 0.7]) {
      const q = 1 - p;
      const a = 1 - 2 * p * q;
      const det = a * a - p * p * q * q;
      const x = (a + q * q) / det;
      const y = (a + p * p) / det;
      close(raceRounds(p, 3)!.rounds, 1 + 3 * p * p * q * x + 3 * p * q * q * y, 1e-12, `p=${p}`);
    }
    // The paper's gpt-4.1-mini: almost every step is decided in its first round.
    assert.equal(raceRounds(0.9978, 3)!.rounds.toFixed(4), '1.0066');
  });

  it("the engine's own Race, drawn round by round, takes the rounds and samples the model says", () => {
    // Each round draws race.nextRoundSize() samples: red-flagged with 1 - v (no vote), else right with p.
    const random = mulberry32(7);
    const rand = () => random.next();
    for (const [p, k, v] of [[0.7, 3, 0.8], [0.64, 5, 1], [0.9, 2, 0.6]]) {
      let rounds = 0;
      let samples = 0;
      const steps = 20_000;
      for (let s = 0; s < steps; s++) {
        const race = new Race({ k, voteCap: 10_000 });
        for (let n = race.nextRoundSize(); n > 0; n = race.nextRoundSize()) {
          race.startRound();
          for (let i = 0; i < n; i++) if (rand() < v) race.add(rand() < p ? 'right' : 'wrong');
          samples += n;
        }
        rounds += race.rounds;
      }
      const model = raceRounds(p, k, v)!;
      close(rounds / steps, model.rounds, 0.03, `p=${p} k=${k} v=${v}: ${rounds / steps} rounds, model ${model.rounds}`);
      close(samples / steps, model.samples, 0.03, `p=${p} k=${k} v=${v}: ${samples / steps} samples, model ${model.samples}`);
    }
  });

  it('no plan for p <= 1/2, a k past MAX_ROUNDS_K or v = 0', () => {
    assert.equal(raceRounds(0.5, 3), undefined);
    assert.equal(raceRounds(0.3, 3), undefined);
    assert.equal(raceRounds(0.9, MAX_ROUNDS_K + 1), undefined);
    assert.equal(raceRounds(0.9, 3, 0), undefined);
    assert.ok(raceRounds(0.51, MAX_ROUNDS_K)!.rounds > 1);
  });
});
