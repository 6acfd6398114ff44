// rows.ts isContested(): which steps keep their samples after they leave the recent window. Tallies
// come from the real Race, as the flows make them, so the check stays true to what race.ts computes.
import assert from 'node:assert/strict';
import type { StepRecord, VoteTally } from '../../../src/engine/model';
import { Race } from '../../../src/engine/race';
import { isContested } from '../../../src/store/sql/rows';
import { chainStep } from '../../support/store-fixtures';

function tallyOf(votes: string[], k = 3, voteCap = 20): VoteTally {
  const race = new Race({ k, voteCap });
  for (const v of votes) race.add(v);
  return race.decided() ? race.tally(race.top()[0], 'lead') : race.tally(race.plurality(), 'cap');
}

function withTally(tally: VoteTally, over: Partial<StepRecord> = {}): StepRecord {
  const st = chainStep(1, over);
  st.metrics = { ...st.metrics, tally };
  return st;
}

describe('store: isContested', () => {
  it('is false for a clean unanimous race, true for a split one', () => {
    assert.equal(isContested(withTally(tallyOf(['a', 'a', 'a']))), false);
    assert.equal(isContested(withTally(tallyOf(['a', 'b', 'a', 'a', 'a']))), true);
    assert.equal(isContested(withTally(tallyOf(['a', 'b', 'c', 'a', 'a', 'a', 'a']))), true);
  });

  it('reads a tally from its numbers, not by looking the winner up in counts', () => {
    // Stores written before the tree flow keyed its counts by candidate hold the judges' option
    // numbers ({ '2': 3 }) with the winner named by the candidate's key; they still read right.
    const judged = tallyOf(['2', '2', '2']);
    assert.equal(isContested(withTally({ ...judged, winner: 'candidate text key' })), false);
    const split = tallyOf(['2', '1', '2', '2', '2']);
    assert.equal(isContested(withTally({ ...split, winner: 'candidate text key' })), true);
  });

  it('is true for a cap decision, resamples, red flags, a rejection, a failed verification or a step not completed', () => {
    assert.equal(isContested(withTally(tallyOf(['a', 'b', 'a'], 3, 3))), true);
    const clean = tallyOf(['a', 'a', 'a']);
    const st = withTally(clean);
    assert.equal(isContested({ ...st, metrics: { ...st.metrics, resamples: 1 } }), true);
    assert.equal(isContested({ ...st, metrics: { ...st.metrics, redFlags: { format: 1 } } }), true);
    assert.equal(isContested({ ...st, rejectedKeys: ['b'] } as StepRecord), true);
    assert.equal(isContested({ ...st, failedKeys: [{ key: 'b', verdict: '`npm test` exited 1' }] }), true, 'a candidate failed verification');
    assert.equal(isContested({ ...st, status: 'waiting' }), true);
  });
});
