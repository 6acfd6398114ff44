// How sessions look on the command line and in --json. The JSON shapes are the contract
// dashboards and supervising agents rely on (and what `serve` exposes): snake_case, stable.
import type { SessionRecord, StepRecord, VoteTally } from '../engine/model';

export function sessionSummaryJson(s: SessionRecord) {
  return {
    session_id: s.id,
    status: s.status,
    prompt: s.prompt,
    domain: s.domain,
    flow: s.flow,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    steps_completed: s.metrics.stepsCompleted,
    steps_total: s.metrics.stepsTotal,
    samples: s.metrics.samples,
    red_flags: s.metrics.redFlags,
    tokens_in: s.metrics.tokensIn,
    tokens_out: s.metrics.tokensOut,
    cost_usd: round(s.metrics.costUsd, 6),
    wait_state: s.waitState,
    error: s.error ?? null,
  };
}

export function stepJson(st: StepRecord) {
  const m = st.metrics;
  return {
    id: st.id,
    parent: st.parentId,
    depth: st.depth,
    index: st.index,
    description: st.description,
    status: st.status,
    phase: st.phase,
    votes: m.tally ? m.tally.counts : null,
    k: m.tally?.k ?? null,
    margin: m.tally?.margin ?? null,
    decided_by: m.tally?.decidedBy ?? null,
    samples_requested: m.samplesRequested,
    samples_retained: m.samplesRetained,
    resamples: m.resamples,
    red_flags: m.redFlags,
    tokens_in: m.tokensIn,
    tokens_out: m.tokensOut,
    cost_usd: round(m.costUsd, 6),
    duration_ms: Math.round(m.durationMs),
    verification: m.verification ?? null,
    change_set: st.changeSet ? { applier: st.changeSet.applier, applied: st.changeSet.applied, rolled_back: st.changeSet.rolledBack ?? false, files: st.changeSet.files.map((f) => f.path) } : null,
  };
}

/** `status --session-id ID --json` (and serve's GET /sessions/:id). */
export function detailJson(s: SessionRecord, steps: StepRecord[], stored: number) {
  return { ...sessionSummaryJson(s), metrics: s.metrics, metadata: s.metadata, steps_listed: steps.length, steps_stored: stored, steps: steps.map(stepJson) };
}

/** One line of `microfactory export` (and serve's NDJSON export). */
export function exportLine(st: StepRecord) {
  return {
    id: st.id, parent: st.parentId, description: st.description, status: st.status, winner: st.winnerText ?? null,
    output: st.output ?? null, votes: st.metrics.tally?.counts ?? null, margin: st.metrics.tally?.margin ?? null,
  };
}

export function votesText(t: VoteTally | undefined): string {
  if (!t) return '';
  const counts = Object.values(t.counts).sort((a, b) => b - a);
  return `k=${t.k} · ${counts.join('–')} · margin ${t.margin}${t.decidedBy === 'cap' ? ' (cap)' : ''}`;
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

export function money(n: number): string {
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}
