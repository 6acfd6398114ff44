// The words every front end shares (src/app/labels.ts): full tallies in one order, whole
// margins, sentences for tooltips, and a "$0" that says why.
import assert from 'node:assert/strict';
import { budgetWarningText, costLabel, money, progressLine, projectedLabel, rankedCounts, sessionFigures, solvedLabel, tallyText, voteSentence, votesLabel } from '../../../src/app/labels';
import { emptySessionMetrics, type VoteTally } from '../../../src/engine/model';
import { Race } from '../../../src/engine/race';

const tally = (counts: Record<string, number>, winner: string | undefined, over: Partial<VoteTally> = {}): VoteTally => {
  const votes = Object.values(counts).reduce((a, b) => a + b, 0);
  const w = winner ? counts[winner] : 0;
  return { k: 2, counts, winner, lead: 0, margin: winner ? w - (votes - w) : 0, votes, decidedBy: winner ? 'lead' : 'undecided', rounds: 2, ...over };
};

describe('app labels: votes', () => {
  it('the full tally, winner first, then by votes, ties in the order first drawn', () => {
    const t = tally({ b: 1, a: 4, c: 1 }, 'a');
    assert.deepEqual(rankedCounts(t), [['a', 4], ['b', 1], ['c', 1]]);
    assert.equal(tallyText(t), '4–1–1', 'not "4–1"');
    // A cap-decided plurality winner that ties with another answer still comes first.
    assert.deepEqual(rankedCounts(tally({ x: 3, y: 3 }, 'y', { decidedBy: 'cap' })).map(([k]) => k), ['y', 'x']);
    assert.equal(tallyText(tally({ a: 3 }, 'a')), '3–0', 'a unanimous race reads for and against');
    assert.equal(tallyText(tally({}, undefined)), '0–0');
  });

  it('one label with k, the tally, a whole margin and how it ended: the CLI, tree, panel and serve print it', () => {
    assert.equal(votesLabel(tally({ a: 4, b: 1, c: 1 }, 'a')), 'k=2 · 4–1–1 · margin 2');
    assert.equal(votesLabel(tally({ a: 3, b: 2 }, 'a', { decidedBy: 'cap', margin: 1.0000001 })), 'k=2 · 3–2 · margin 1 (cap)');
    assert.equal(votesLabel(tally({ a: 1 }, undefined)), 'k=2 · 1–0 · margin 0 (open)');
  });

  it('a real race reads the same from its tally', () => {
    const race = new Race({ k: 2, voteCap: 20 });
    for (const v of ['a', 'b', 'a', 'c', 'a', 'a']) race.add(v);
    const t = race.tally('a', 'lead');
    assert.equal(votesLabel(t), 'k=2 · 4–1–1 · margin 2');
  });

  it('tooltips hold a sentence, never JSON', () => {
    const s = voteSentence(tally({ a: 4, b: 1, c: 1 }, 'a'));
    assert.equal(s, '6 votes in 2 rounds: the winner had 4 votes, 2 other answers had 1, 1; margin 2; decided when the winner led by k=2.');
    assert.doesNotMatch(s, /[{}"]/);
    assert.match(voteSentence(tally({ a: 1 }, undefined)), /^1 vote in 2 rounds: no winner yet; margin 0; still open/);
  });
});

describe('app labels: money and figures', () => {
  it('"$0" says simulated or unpriced; real spend is money', () => {
    assert.equal(costLabel(0, { provider: 'simulated', tokens: 5000 }), '$0 (simulated)');
    assert.equal(costLabel(0, { provider: 'scripted', tokens: 10 }), '$0 (simulated)');
    assert.equal(costLabel(0, { provider: 'openai-compatible', tokens: 1900 }), '$0 (unpriced)');
    assert.equal(costLabel(0, { provider: 'openai', tokens: 0 }), '$0', 'nothing spent yet');
    assert.equal(costLabel(0.0042, { provider: 'openai', tokens: 10 }), '$0.0042');
    assert.deepEqual([0, 0.0004, 0.126, Number.NaN].map(money), ['$0', '$0.0004', '$0.13', '$0']);
  });

  it('a session\'s figures and its live line come from its stored totals', () => {
    const m = { ...emptySessionMetrics(), stepsTotal: 15, stepsCompleted: 3, samples: 15, redFlags: 12, resamples: 12, tokensIn: 1500, tokensOut: 400 };
    assert.deepEqual(sessionFigures(m, 'openai-compatible'), { steps: '3/15', samples: '15', redFlags: '12', resamples: '12', tokens: '1.5k in / 400 out', cost: '$0 (unpriced)', projected: '' });
    assert.equal(progressLine(m, 'openai-compatible'), 'step 3/15 · 15 samples · 12 red flags · 1.9k tokens · $0 (unpriced)');
    assert.equal(progressLine({ ...m, redFlags: 1, samples: 1 }, 'simulated'), 'step 3/15 · 1 sample · 1 red flag · 1.9k tokens · $0 (simulated)');
  });

  it('the projected total in every line: a range, "unpriced" (never $0) without a price, a floor while a tree grows, nothing for a free model', () => {
    // 4 of 10 steps done, 3 samples each, $0.01 a sample: $0.12 spent + 6 × 3 × $0.01.
    const m = { ...emptySessionMetrics(), stepsTotal: 10, stepsCompleted: 4, samples: 12, stepsSampled: 4, samplesSq: 36, tokensIn: 1200, tokensOut: 100, costUsd: 0.12 };
    assert.equal(projectedLabel(m, 'openai', 'chain'), '$0.30 ($0.30–$0.30)');
    assert.equal(progressLine(m, 'openai'), 'step 4/10 · 12 samples · 1.3k tokens · $0.12 · projected $0.30 ($0.30–$0.30)');
    assert.equal(projectedLabel(m, 'openai', 'tree'), '$0.30 ($0.30–$0.30) for the steps known so far');
    assert.equal(projectedLabel({ ...m, costUsd: 0 }, 'openai-compatible', 'chain'), 'unpriced');
    assert.equal(sessionFigures({ ...m, costUsd: 0 }, 'openai-compatible').projected, 'unpriced');
    assert.equal(projectedLabel({ ...m, costUsd: 0 }, 'simulated', 'chain'), '');
    assert.equal(projectedLabel({ ...m, stepsCompleted: 10 }, 'openai', 'chain'), '', 'nothing left to run');
  });

  it('the spend warning in one sentence (CLI line, editor notification)', () => {
    assert.equal(budgetWarningText('s1', 0.0123, 0.01), 'session s1 has spent $0.01, past its warning mark of $0.01 (--warn-usd); it goes on (--budget-usd is the hard cap)');
  });

  it('Hanoi verdicts as the CLI says them', () => {
    assert.deepEqual([solvedLabel(true), solvedLabel(false)], ['solved', 'not solved']);
  });
});
