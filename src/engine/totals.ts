// A session's totals are a roll-up of its step rows, by one rule (addStep). The chain adds each
// step once, as it completes: a million rows cannot be re-read per step. The tree re-sums its
// rows instead, so a tree session that pauses, fails or is cancelled counts the samples, flags
// and cost of the steps it did not finish, and a resumed step is never counted twice.
import { emptySessionMetrics, type SessionMetrics, type StepMetrics, type StepRecord } from './model';

/** Adds one step's counters to the session's (not the step counts: callers know what finished). */
export function addStep(sm: SessionMetrics, m: StepMetrics): void {
  sm.samples += m.samplesRequested;
  sm.resamples += m.resamples;
  for (const f in m.redFlags) sm.redFlags += m.redFlags[f];
  sm.tokensIn += m.tokensIn;
  sm.tokensOut += m.tokensOut;
  sm.costUsd += m.costUsd;
  if (m.tally && m.tally.votes > sm.maxVotesPerStep) sm.maxVotesPerStep = m.tally.votes;
}

/**
 * Replaces a tree session's totals (in place: the run holds this object) with the sum over its
 * step rows; the wall time is the session's own. A re-run decomposition deletes its old children
 * (stepTree.ts), but only at the pause that decided it, before they start: no spend goes with them.
 */
export function retotal(sm: SessionMetrics, steps: Iterable<StepRecord>): void {
  Object.assign(sm, emptySessionMetrics(), { wallMs: sm.wallMs });
  for (const st of steps) {
    sm.stepsTotal++;
    if (st.status === 'completed') sm.stepsCompleted++;
    addStep(sm, st.metrics);
  }
}
