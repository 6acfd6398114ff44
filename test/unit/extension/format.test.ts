// The words and numbers the tree, the status bar, notifications and the panel show for a step
// or a session (src/extension/format.ts), on records shaped as the store keeps them.
import assert from 'node:assert/strict';
import type { PauseTrigger, VoteTally } from '../../../src/engine/model';
import { emptySessionMetrics } from '../../../src/engine/model';
import {
  chainSummary, describeTrigger, formatAge, formatCost, formatProgress, formatStepDescription, formatTokens, formatVotes,
  isDecisionTrigger, mainTally, redFlagCount, runStatusLabel, topTwo, truncate,
} from '../../../src/extension/format';
import { votesText } from '../../../src/cli/output';
import { chainStep, contestedStep, T0 } from '../../support/store-fixtures';

const tally = (counts: Record<string, number>, decidedBy: VoteTally['decidedBy'], k = 3): VoteTally => ({
  k, counts, decidedBy, winner: decidedBy === 'undecided' ? undefined : 'a', lead: 0, margin: 0, votes: Object.values(counts).reduce((a, b) => a + b, 0), rounds: 1,
});

describe('extension format: money, tokens, ages', () => {
  it('costs: "$0" for nothing, four decimals under a cent, two above', () => {
    assert.deepEqual([0, 0.0004, 0.0099, 0.01, 0.126, 12.5].map(formatCost), ['$0', '$0.0004', '$0.0099', '$0.01', '$0.13', '$12.50']);
    assert.equal(formatCost(Number.NaN), '$0', 'a missing cost reads as nothing spent, not "$NaN"');
  });

  it('tokens: plain under a thousand, one decimal k, whole k from 10k, M from a million', () => {
    assert.deepEqual([0, 999, 1000, 1549, 9999, 10_000, 12_345, 999_499, 1_000_000, 2_460_000].map(formatTokens), ['0', '999', '1.0k', '1.5k', '10.0k', '10k', '12k', '999k', '1.0M', '2.5M']);
  });

  it('ages: seconds, minutes, hours, days; a bad date is empty, a future one is "0s ago"', () => {
    const now = Date.parse(T0);
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    assert.deepEqual([0, 59, 60, 3599, 3600, 86_399, 86_400, 10 * 86_400].map((s) => formatAge(ago(s), now)), ['0s ago', '59s ago', '1m ago', '59m ago', '1h ago', '23h ago', '1d ago', '10d ago']);
    assert.equal(formatAge('not a date', now), '');
    assert.equal(formatAge(ago(-30), now), '0s ago');
  });

  it('truncate folds whitespace to one line and ends a cut with an ellipsis', () => {
    assert.equal(truncate('  Add input\n\tvalidation  ', 40), 'Add input validation');
    assert.equal(truncate('abcdefghij', 10), 'abcdefghij');
    assert.equal(truncate('abcdefghijk', 10), 'abcdefghi…');
  });
});

describe('extension format: votes and steps', () => {
  it('a unanimous race reads "3–0", a contested one "3–1", an empty one "0–0"', () => {
    assert.deepEqual(topTwo(chainStep(0).metrics.tally!), [3, 0]);
    assert.deepEqual(topTwo(contestedStep(1).metrics.tally!), [3, 1]);
    assert.deepEqual(topTwo(tally({}, 'undecided')), [0, 0]);
    // The winner is the largest count wherever it sits in the record.
    assert.deepEqual(topTwo(tally({ b: 1, c: 2, a: 4 }, 'lead')), [4, 2]);
  });

  it('formatVotes names k, every candidate\'s votes, the margin and how the race ended (the CLI\'s words)', () => {
    assert.equal(formatVotes(chainStep(0).metrics.tally!), 'k=3 · 3–0 · margin 3');
    assert.equal(formatVotes(tally({ a: 4, b: 4, c: 2 }, 'cap', 2)), 'k=2 · 4–4–2 · margin 0 (cap)', 'the full tally, not the top two');
    assert.equal(formatVotes(tally({ a: 1 }, 'undecided')), 'k=3 · 1–0 · margin 0 (open)');
    assert.equal(formatVotes(chainStep(0).metrics.tally!), votesText(chainStep(0).metrics.tally), 'the CLI prints the same words');
  });

  it('a step is described by its solution vote, else its decomposition vote, then samples, flags and cost', () => {
    const solved = contestedStep(4);
    solved.metrics = { ...solved.metrics, samplesRequested: 5, redFlags: { length: 1 }, costUsd: 0.0042 };
    assert.equal(formatStepDescription(solved), 'k=3 · 3–1 · margin 2 · 5 samples · 1 red flag · $0.0042');

    const planned = chainStep(5);
    planned.metrics = { ...planned.metrics, tally: undefined, decompositionTally: tally({ a: 2 }, 'lead', 2), samplesRequested: 2, redFlags: { format: 2, syntax: 1 }, costUsd: 0 };
    assert.equal(mainTally(planned), planned.metrics.decompositionTally);
    assert.equal(redFlagCount(planned), 3);
    assert.equal(formatStepDescription(planned), 'k=2 · 2–0 · margin 0 · 2 samples · 3 red flags', 'no cost part when nothing was spent');

    const fresh = chainStep(6, { status: 'pending' });
    fresh.metrics = { ...fresh.metrics, tally: undefined, samplesRequested: 0 };
    assert.equal(formatStepDescription(fresh), '');
  });

  it('a chain step shows the move it decided, else a description that says more than its number', () => {
    assert.equal(chainSummary(chainStep(7)), 'move [1, 0, 2]');
    assert.equal(chainSummary(chainStep(8, { output: undefined, description: 'step 9 of 15' })), '');
    assert.equal(chainSummary(chainStep(9, { output: undefined, description: 'move the smallest disk\nto peg 2' })), 'move the smallest disk to peg 2');
  });

  it('session progress: steps of the total, samples, flags only when there are some, then live tokens and cost', () => {
    const m = { ...emptySessionMetrics(), stepsTotal: 15, stepsCompleted: 7, samples: 23, tokensIn: 1500, tokensOut: 400 };
    assert.equal(formatProgress(m, 'simulated'), 'step 7/15 · 23 samples · 1.9k tokens · $0 (simulated)');
    assert.equal(formatProgress({ ...m, stepsTotal: 0, redFlags: 2, costUsd: 0.5 }, 'openai'), 'step 7 · 23 samples · 2 red flags · 1.9k tokens · $0.50');
    assert.equal(formatProgress(m, 'openai-compatible'), 'step 7/15 · 23 samples · 1.9k tokens · $0 (unpriced)', 'tokens spent on a model with no price');
  });

  it("the status bar: the newest run's step, and a tooltip whose $0 says the session's provider", () => {
    const m = { ...emptySessionMetrics(), stepsTotal: 15, stepsCompleted: 7, samples: 23, tokensIn: 1500, tokensOut: 400 };
    // A real model without a price spent tokens: its $0 is unpriced, not simulated.
    const unpriced = runStatusLabel({ metrics: m, provider: 'openai-compatible' }, 0);
    assert.equal(unpriced.text, '$(sync~spin) Microfactory: step 7/15');
    assert.equal(unpriced.tooltip, 'Microfactory — step 7/15 · 23 samples · 1.9k tokens · $0 (unpriced). Click to open the session.');
    // No provider in the metadata is the built-in simulated model.
    assert.match(runStatusLabel({ metrics: m, provider: undefined }, 0).tooltip, /\$0 \(simulated\)\./);
    assert.match(runStatusLabel({ metrics: { ...m, costUsd: 0.5 }, provider: 'openai' }, 0).tooltip, / · \$0\.50\./);
    assert.deepEqual(runStatusLabel({ provider: 'openai' }, 2), { text: '$(sync~spin) Microfactory: starting (+2)', tooltip: 'Microfactory — starting' });
    assert.equal(runStatusLabel({ metrics: m, provider: 'openai' }, 1).text, '$(sync~spin) Microfactory: step 7/15 (+1)');
  });
});

describe('extension format: pauses', () => {
  it('every trigger has words, and only the ones about a candidate ask for Approve/Reject', () => {
    const all: PauseTrigger[] = ['red_flags', 'resamples', 'low_margin', 'vote_cap', 'resample_budget', 'step_by_step', 'rate_limited', 'provider_error', 'quota', 'budget', 'verify_failed', 'cancelled'];
    for (const t of all) assert.notEqual(describeTrigger(t), t, `${t} has no words`);
    assert.equal(describeTrigger('low_margin'), 'the vote was too close');
    assert.deepEqual(all.filter(isDecisionTrigger), ['red_flags', 'resamples', 'low_margin', 'vote_cap', 'resample_budget', 'step_by_step', 'verify_failed']);
  });
});
