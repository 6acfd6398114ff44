// Pure formatting shared by the tree, the progress notification and the session panel.
// No vscode import, so it stays trivially testable and identical everywhere.
import type { PauseTrigger, SessionMetrics, StepRecord, VoteTally } from '../engine/model';

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : oneLine.slice(0, max - 1) + '…';
}

export function formatCost(usd: number): string {
  if (!usd) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** "3m ago", "2h ago", "5d ago": short enough for a tree description. */
export function formatAge(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return '';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** The winner's votes and the runner-up's, e.g. [3, 0]; [0, 0] before any vote. */
export function topTwo(tally: VoteTally): [number, number] {
  const counts = Object.values(tally.counts).sort((a, b) => b - a);
  return [counts[0] ?? 0, counts[1] ?? 0];
}

/** "k=3 · 3–0": the race's k, then the winner's votes against the runner-up's. */
export function formatVotes(tally: VoteTally): string {
  const [a, b] = topTwo(tally);
  const cap = tally.decidedBy === 'cap' ? ' (cap)' : tally.decidedBy === 'undecided' ? ' (open)' : '';
  return `k=${tally.k} · ${a}–${b}${cap}`;
}

export function redFlagCount(step: StepRecord): number {
  return Object.values(step.metrics.redFlags).reduce((a, b) => a + b, 0);
}

/** The tally a step is best described by: its solution vote, else its decomposition vote. */
export function mainTally(step: StepRecord): VoteTally | undefined {
  return step.metrics.tally ?? step.metrics.decompositionTally;
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

export function formatProgress(m: SessionMetrics): string {
  const total = m.stepsTotal ? `/${m.stepsTotal}` : '';
  const parts = [`step ${m.stepsCompleted}${total}`, `${m.samples} samples`];
  if (m.redFlags) parts.push(`${m.redFlags} red flags`);
  if (m.costUsd) parts.push(formatCost(m.costUsd));
  return parts.join(' · ');
}

const TRIGGERS: Record<PauseTrigger, string> = {
  red_flags: 'too many red-flagged samples',
  resamples: 'too many resamples',
  low_margin: 'the vote was too close',
  vote_cap: 'the vote cap was reached without a clear winner',
  resample_budget: 'the resample budget is spent',
  step_by_step: 'step-by-step mode: every step waits for you',
  rate_limited: 'the provider is rate-limiting',
  provider_error: 'the provider keeps failing',
  quota: 'the provider quota is exhausted',
  budget: 'the cost budget is spent',
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
 * A chain step's description ("step 7 of 15") says nothing its number does not: show what the
 * vote decided instead (for Hanoi, `move [1, 0, 2]`), or the description until it is decided.
 */
export function chainSummary(st: StepRecord): string {
  const out = st.output as { move?: unknown } | undefined;
  if (out && Array.isArray(out.move)) return `move [${out.move.join(', ')}]`;
  return /^step \d+ of \d+$/.test(st.description) ? '' : truncate(st.description, 50);
}
