// Pure formatting shared by the tree, the progress notification and the session panel.
// No vscode import, so it stays trivially testable and identical everywhere. Votes, money and
// tokens are app/labels.ts's words (the CLI and serve print the same), reached through the door.
import type { PauseTrigger, SessionMetrics, StepRecord, VoteTally } from '../engine/model';
import { ago, mainTally, money, progressLine, tokensLabel, votesLabel } from './backend';

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : oneLine.slice(0, max - 1) + '…';
}

export const formatCost = money;
export const formatTokens = tokensLabel;

export const formatAge = ago;

/** The winner's votes and the runner-up's, e.g. [3, 0]; [0, 0] before any vote. */
export function topTwo(tally: VoteTally): [number, number] {
  const counts = Object.values(tally.counts).sort((a, b) => b - a);
  return [counts[0] ?? 0, counts[1] ?? 0];
}

/** "k=3 · 3–1–1 · margin 1": the race's k, every candidate's votes, the margin (app/labels.ts). */
export const formatVotes = votesLabel;

export function redFlagCount(step: StepRecord): number {
  return Object.values(step.metrics.redFlags).reduce((a, b) => a + b, 0);
}

export { mainTally };

/** "2 red flags: 1 format, 1 length", or "none". */
export function redFlagSentence(step: StepRecord): string {
  const total = redFlagCount(step);
  if (!total) return 'none.';
  const kinds = Object.entries(step.metrics.redFlags).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return `${total} red-flagged sample${total === 1 ? '' : 's'} (${kinds.join(', ')}), each discarded and drawn again.`;
}

/** A completed step whose applied change was taken back afterwards (Undo, or a restore). */
export function isUndone(step: StepRecord): boolean {
  return step.status === 'completed' && step.changeSet?.rolledBack === true;
}

/** "verified: exit 0, 1.2 s" / "verifier failed: exit 1, 0.3 s"; '' when no verifier ran. */
export function verificationLabel(step: StepRecord): string {
  const v = step.metrics.verification;
  if (!v) return '';
  return `${v.passed ? 'verified' : 'verifier failed'}: exit ${v.exitCode ?? 'none'}, ${(v.durationMs / 1000).toFixed(1)} s`;
}

export function formatStepDescription(step: StepRecord): string {
  const parts: string[] = [];
  const tally = mainTally(step);
  if (tally) parts.push(formatVotes(tally));
  if (step.metrics.samplesRequested) parts.push(`${step.metrics.samplesRequested} samples`);
  const flags = redFlagCount(step);
  if (flags) parts.push(`${flags} red flag${flags === 1 ? '' : 's'}`);
  if (step.metrics.costUsd) parts.push(formatCost(step.metrics.costUsd));
  return parts.join(' · ');
}

/**
 * The live line of a run (progress notification, status bar): tokens and cost included.
 * `provider` is the session's (`metadata.provider`; undefined means the built-in simulated model).
 * It is required, so no caller can forget it and call a real model's "$0" simulated.
 */
export function formatProgress(m: SessionMetrics, provider: string | undefined, flow: 'tree' | 'chain' = 'chain'): string {
  return progressLine(m, provider, flow);
}

/** A run as the status bar knows it: its provider from session_started, its metrics once they come. */
export interface StatusBarRun {
  metrics?: SessionMetrics;
  provider: string | undefined;
}

/** The status bar item for the newest run of this window ("step 7/15 (+1)"), its whole progress line in the tooltip. */
export function runStatusLabel(run: StatusBarRun, others: number): { text: string; tooltip: string } {
  const more = others > 0 ? ` (+${others})` : '';
  if (!run.metrics) return { text: `$(sync~spin) Microfactory: starting${more}`, tooltip: 'Microfactory — starting' };
  const line = formatProgress(run.metrics, run.provider);
  return { text: `$(sync~spin) Microfactory: ${line.split(' · ')[0]}${more}`, tooltip: `Microfactory — ${line}. Click to open the session.` };
}

const TRIGGERS: Record<PauseTrigger, string> = {
  red_flags: 'too many red-flagged samples',
  resamples: 'too many resamples',
  low_margin: 'the vote was too close',
  vote_cap: 'the vote cap was reached without a clear winner',
  resample_budget: 'the resample budget is spent',
  step_by_step: 'step-by-step mode: every step waits for you',
  rate_limited: 'the provider is rate-limiting',
  provider_error: 'the provider failed or refused the calls',
  quota: 'the provider quota is exhausted',
  budget: 'the cost budget is spent',
  step_budget: 'the step reached its cost cap',
  verify_failed: 'the verifier failed',
  rejected_repeated: 'the rejected answer came back',
  cancelled: 'it was cancelled',
};

export function describeTrigger(trigger: PauseTrigger): string {
  return TRIGGERS[trigger] ?? trigger;
}

/** Triggers where a human judges a candidate (Approve/Reject), as opposed to just resuming: one rule, in app/decision.ts. */
export { isDecisionTrigger } from './backend';

/**
 * The one order steps are listed in, by the tree and the panel's table alike: a chain newest
 * first (the interesting end of a long run), a tree in its own order (parents before children).
 * The chart is a time axis: oldest on the left, always.
 */
export function listsNewestFirst(flow: 'tree' | 'chain'): boolean {
  return flow === 'chain';
}

/**
 * A chain step's description ("step 7 of 15") says nothing its number does not: show what the
 * vote decided instead (for Hanoi, `move [1, 0, 2]`), or the description until it is decided.
 */
export function chainSummary(st: StepRecord): string {
  const out = st.output as { move?: unknown } | undefined;
  if (out && Array.isArray(out.move)) return `move [${out.move.join(', ')}]`;
  return /^step \d+ of \d+$/.test(st.description) ? '' : truncate(st.description, 50);
}
