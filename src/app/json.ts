// The JSON shapes every front end prints or serves: `status --json`, `export`, `subprocess`,
// serve's REST replies and its SSE frames. They are the contract dashboards and supervising
// agents parse: snake_case, stable, one definition each.
//
// Each shape carries ours plus the field names of the original Rust tool's status export, so a
// dashboard written for either reads it: the list's `session_id, status, prompt, domain,
// updated_at` (unix seconds), and the detail's `wait_state, metadata, metrics, completed_steps,
// total_steps, pending_decompositions, pending_solutions, steps`. Where a name exists in both
// with different content (`updated_at`), the original's meaning wins and ours moves beside it.
import type { SampleRecord, SessionMetadata, SessionMetrics, SessionRecord, StepRecord, WaitState } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { projectTotal } from '../engine/projection';
import { isFreeProvider, stepVotesLabel } from './labels';
import { displayState, leaseLive } from './lease';

export function sessionSummaryJson(s: SessionRecord) {
  return {
    session_id: s.id,
    status: s.status,
    // `status` as stored (unchanged for old readers); `state` tells a live run from a killed one.
    state: displayState(s),
    // Only a running session has an owner to show; a lease outliving its run by a moment is not one.
    owner: s.lease && s.status === 'running' ? { pid: s.lease.pid, host: s.lease.host, heartbeat_at: s.lease.heartbeatAt, live: leaseLive(s.lease) } : null,
    prompt: s.prompt,
    domain: s.domain,
    flow: s.flow,
    archived: s.archived === true,
    created_at: s.createdAt,
    updated_at: unixSeconds(s.updatedAt),
    updated_at_iso: s.updatedAt,
    steps_completed: s.metrics.stepsCompleted,
    steps_total: s.metrics.stepsTotal,
    samples: s.metrics.samples,
    red_flags: s.metrics.redFlags,
    tokens_in: s.metrics.tokensIn,
    tokens_out: s.metrics.tokensOut,
    // Parts of tokens_in: read from the providers' prompt caches, and written to them (Anthropic).
    tokens_cached: s.metrics.tokensCached ?? 0,
    tokens_cache_write: s.metrics.tokensCacheWrite ?? 0,
    cost_usd: round(s.metrics.costUsd, 6),
    projected_usd: projectedJson(s),
    /** The spend warning (--warn-usd) fired: when, and at what spend; null while it has not. */
    budget_warned: s.metadata.budgetWarned ? { at: s.metadata.budgetWarned.at, spent_usd: round(s.metadata.budgetWarned.spentUsd, 6), warn_usd: s.metadata.budgetWarned.warnUsd } : null,
    wait_state: waitStateJson(s.waitState),
    error: s.error ?? null,
    // Records of the session were lost on disk (SessionRecord.damage) and not yet run again.
    damaged: s.damage !== undefined,
    /** What the store found missing or unreadable (store/damage.ts); null when whole. */
    damage: s.damage ?? null,
  };
}

/** `status --json` and serve's GET /sessions (and each /sessions/stream snapshot). */
export function sessionListJson(sessions: SessionRecord[]) {
  return { sessions: sessions.map(sessionSummaryJson) };
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
    /** The vote as every front end words it (app/labels.ts), the decomposition vote when there is no other: "k=2 · 3–1 · margin 2". */
    votes_label: stepVotesLabel(st) || null,
    k: m.tally?.k ?? null,
    margin: m.tally?.margin ?? null,
    decided_by: m.tally?.decidedBy ?? null,
    samples_requested: m.samplesRequested,
    /** Calls that got no answer (refused, failed): not samples. */
    failed_requests: m.failedRequests ?? 0,
    samples_retained: m.samplesRetained,
    resamples: m.resamples,
    red_flags: m.redFlags,
    tokens_in: m.tokensIn,
    tokens_out: m.tokensOut,
    tokens_cached: m.tokensCached ?? 0,
    tokens_cache_write: m.tokensCacheWrite ?? 0,
    cost_usd: round(m.costUsd, 6),
    duration_ms: Math.round(m.durationMs),
    verification: m.verification ?? null,
    change_set: st.changeSet ? { applier: st.changeSet.applier, applied: st.changeSet.applied, rolled_back: st.changeSet.rolledBack ?? false, files: st.changeSet.files.map((f) => f.path) } : null,
    // What a human decided on this step (resume decisions, app/decision.ts).
    human_edited: st.humanEdited === true,
    skipped: st.skipped === true,
    human_feedback: st.humanFeedback ?? null,
  };
}

/** One step with what the list leaves out (winner text, parsed output, full tally): serve's step route, the MCP step resource. */
export function stepDetailJson(st: StepRecord) {
  return { ...stepJson(st), winner: st.winnerText ?? null, output: st.output ?? null, tally: st.metrics.tally ?? null, input: st.input ?? null };
}

/** A sample as drawn: the `subprocess` candidate shape plus what a reviewer needs to judge it. */
export function sampleJson(c: SampleRecord) {
  return {
    role: c.role, seq: c.seq, text: c.text, key: c.key ?? null, flags: c.flags, tokens_in: c.tokensIn, tokens_out: c.tokensOut,
    tokens_cached: c.tokensCached ?? 0, tokens_cache_write: c.tokensCacheWrite ?? 0,
    finish: c.finish, temperature: c.temperature, latency_ms: c.latencyMs, model: c.model, rejected: c.rejected ?? false,
  };
}

/**
 * `status --session-id ID --json` and serve's GET /sessions/:id: the session, a page of its steps
 * (`page.limit` from `page.offset`), and the counts and pending candidates around them.
 */
export function sessionDetailJson(store: SessionStore, s: SessionRecord, page: { offset?: number; limit: number }) {
  const steps = store.getSteps(s.id, page);
  const stored = store.countSteps(s.id);
  // The step a pause waits on matters most to a reader, even when it lies outside the page.
  const waitId = s.waitState?.stepId;
  const waiting = waitId && !steps.some((st) => st.id === waitId) ? store.getStep(s.id, waitId) : undefined;
  return {
    ...sessionSummaryJson(s),
    metrics: metricsJson(s.metrics),
    metadata: metadataJson(s.metadata),
    steps_listed: steps.length,
    steps_stored: stored,
    completed_steps: store.countSteps(s.id, { status: 'completed' }),
    total_steps: stored,
    ...pendingCandidates(store, s.id, waiting ? [...steps, waiting] : steps),
    steps: steps.map((st) => ({ ...stepJson(st), children: st.childIds ?? [], winning_solution: st.winnerText ?? null })),
  };
}

/** One line of `microfactory export` (and serve's NDJSON export). */
export function exportLine(st: StepRecord) {
  return {
    id: st.id, parent: st.parentId, description: st.description, status: st.status, winner: st.winnerText ?? null,
    output: st.output ?? null, votes: st.metrics.tally?.counts ?? null, margin: st.metrics.tally?.margin ?? null,
  };
}

/**
 * The projected total (engine/projection.ts): spent plus the remaining steps at the measured samples
 * per step and cost per sample, with its range; `open` while a tree may still grow (a floor then).
 * The dollar figures are null and `unpriced` true when a priced provider's model has no price; the
 * whole field is null before any step has sampled.
 */
function projectedJson(s: SessionRecord) {
  const p = projectTotal(s.metrics, s.flow);
  if (!p) return null;
  const unpriced = !p.usd && !isFreeProvider(s.metadata.provider);
  const usd = p.usd ?? (unpriced ? undefined : { mid: 0, low: 0, high: 0 });
  return {
    mid: usd ? round(usd.mid, 6) : null,
    low: usd ? round(usd.low, 6) : null,
    high: usd ? round(usd.high, 6) : null,
    unpriced,
    remaining_steps: p.remainingSteps,
    samples_per_step: round(p.samplesPerStep, 3),
    open: p.open,
  };
}

/** Ours (camelCase, as stored) plus the original's `step_id`. */
function waitStateJson(w: WaitState | null) {
  return w ? { ...w, step_id: w.stepId } : null;
}

/** Ours (camelCase, as stored) plus the original's totals. */
function metricsJson(m: SessionMetrics) {
  return { ...m, sample_count: m.samples, resample_count: m.resamples, red_flag_hits: m.redFlags };
}

/** Ours (camelCase, as stored, never a key) plus the original's names for the same options. */
function metadataJson(m: SessionMetadata) {
  return {
    ...m,
    config_path: m.configPath ?? null,
    llm_provider: m.provider ?? null,
    llm_model: m.model ?? null,
    samples: m.samples ?? null,
    k: m.k ?? null,
    adaptive_k: m.adaptiveK === true,
    max_concurrent_llm: m.maxConcurrentLlm ?? null,
  };
}

/**
 * Candidates already drawn for a step whose race is not final yet, keyed by step id, as the
 * original reported its work in progress: decomposition proposals `{id, raw}` and solution texts.
 * Only the given steps are looked at (the page, plus the step a pause waits on), so a
 * million-step chain costs no more than its page; red-flagged and rejected samples are left out.
 */
function pendingCandidates(store: SessionStore, sessionId: string, steps: StepRecord[]) {
  const pending_decompositions: Record<string, { id: number; raw: string }[]> = {};
  const pending_solutions: Record<string, string[]> = {};
  for (const st of steps) {
    if (st.status === 'completed' || st.status === 'failed') continue;
    const role = st.phase === 'decompose' ? 'decomposition' : st.phase === 'solve' ? 'solver' : undefined;
    if (!role) continue;
    const drawn = store.getSamples(sessionId, st.id).filter((c) => c.role === role && c.flags.length === 0 && !c.rejected);
    if (!drawn.length) continue;
    if (role === 'decomposition') pending_decompositions[st.id] = drawn.map((c) => ({ id: c.seq, raw: c.text }));
    else pending_solutions[st.id] = drawn.map((c) => c.text);
  }
  return { pending_decompositions, pending_solutions };
}

function unixSeconds(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
