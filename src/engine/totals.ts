// A session's totals are a roll-up of its step rows, by one rule (addStep): every step counts what
// it paid, finished or not. The chain adds each step once, as it completes (a million rows cannot
// be re-read per step), and a step it leaves unfinished with what it paid so far (runChain); a
// resumed step's earlier part is taken back first, so nothing counts twice. The tree re-sums its
// rows instead. After a crash the store re-sums every row (store/recount.ts, with retotal), so
// the totals, and the budget a resume starts from, hold every sample journaled before the kill.
import { emptySessionMetrics, type SessionMetrics, type StepMetrics, type StepRecord } from './model';
import type { LlmUsage } from './ports';

/**
 * Adds a call's prompt-cache counts to a sample, a step or a session. The fields are created only
 * when a count is reported, so a run without caching keeps its records as they were.
 */
export function addCacheTokens(to: { tokensCached?: number; tokensCacheWrite?: number }, usage: Pick<LlmUsage, 'cachedInput' | 'cacheWrite'>): void {
  if (usage.cachedInput) to.tokensCached = (to.tokensCached ?? 0) + usage.cachedInput;
  if (usage.cacheWrite) to.tokensCacheWrite = (to.tokensCacheWrite ?? 0) + usage.cacheWrite;
}

/**
 * Adds one step's counters to the session's (not the step counts: callers know what finished).
 * `sign` -1 takes back counters added before: a chain step left unfinished (paused, cancelled,
 * killed) is already in the totals with what it paid, and goes on from there when resumed.
 */
export function addStep(sm: SessionMetrics, m: StepMetrics, sign: 1 | -1 = 1): void {
  sm.samples += sign * m.samplesRequested;
  sm.resamples += sign * m.resamples;
  for (const f in m.redFlags) sm.redFlags += sign * m.redFlags[f];
  sm.tokensIn += sign * m.tokensIn;
  sm.tokensOut += sign * m.tokensOut;
  if (m.tokensCached || m.tokensCacheWrite) addCacheTokens(sm, { cachedInput: sign * (m.tokensCached ?? 0), cacheWrite: sign * (m.tokensCacheWrite ?? 0) });
  sm.costUsd += sign * (m.costUsd + (m.pendingUsd ?? 0));
  if (m.samplesRequested > 0) {
    sm.stepsSampled = (sm.stepsSampled ?? 0) + sign;
    sm.samplesSq = (sm.samplesSq ?? 0) + sign * m.samplesRequested * m.samplesRequested;
  }
  if (sign > 0 && m.tally && m.tally.votes > sm.maxVotesPerStep) sm.maxVotesPerStep = m.tally.votes;
}

/**
 * Replaces a tree session's totals (in place: the run holds this object) with the sum over its
 * step rows; the wall time is the session's own. A re-run decomposition deletes its old children
 * (stepTree.ts), but only at the pause that decided it, before they start: no spend goes with them.
 */
export function retotal(sm: SessionMetrics, steps: Iterable<StepRecord>): void {
  // The optional sums are not in emptySessionMetrics (a session that never sampled has none).
  delete sm.stepsSampled;
  delete sm.samplesSq;
  Object.assign(sm, emptySessionMetrics(), { wallMs: sm.wallMs });
  delete sm.tokensCached;
  delete sm.tokensCacheWrite;
  for (const st of steps) {
    sm.stepsTotal++;
    if (st.status === 'completed') sm.stepsCompleted++;
    addStep(sm, st.metrics);
  }
}
