// The records the engine keeps and the store persists. Plain JSON-able data only, so every
// adapter (sql.js store, CLI JSON output, webview, SSE) can pass them around unchanged.

export type AgentRole = 'decomposition' | 'decomposition_discriminator' | 'solver' | 'solution_discriminator';
export const AGENT_ROLES: readonly AgentRole[] = ['decomposition', 'decomposition_discriminator', 'solver', 'solution_discriminator'];

export type SessionStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'failed';

/** Where a tree-flow step is in its life; chain steps only use 'solve' and 'done'. */
export type StepPhase = 'decompose' | 'solve' | 'apply' | 'verify' | 'done';

export type PauseTrigger =
  | 'red_flags'
  | 'resamples'
  | 'low_margin'
  | 'vote_cap'
  | 'resample_budget'
  | 'step_by_step'
  | 'rate_limited'
  | 'provider_error'
  | 'quota'
  | 'budget'
  /** A race would spend past the per-step cap (limits.max_cost_per_step, --max-step-usd). */
  | 'step_budget'
  | 'verify_failed'
  | 'rejected_repeated'
  | 'cancelled';

export interface WaitState {
  stepId: string;
  trigger: PauseTrigger;
  details: string;
  /** Candidate the human is asked about (index into the step's candidates), when there is one. */
  candidate?: number;
  at: string;
}

export interface RedFlagHit {
  flagger: string;
  reason: string;
}

/** One race's vote counts, keyed by candidate key, plus what a human needs to judge it. */
export interface VoteTally {
  k: number;
  counts: Record<string, number>;
  winner?: string;
  /** Votes the winner had minus the runner-up's, when decided (>= k unless decided by the cap). */
  lead: number;
  /**
   * Contest margin: the winner's votes minus all other valid votes (its lead over the whole
   * field). A unanimous race has margin == votes and never counts as low; see race.ts.
   */
  margin: number;
  votes: number;
  decidedBy: 'lead' | 'cap' | 'undecided';
  rounds: number;
}

export interface StepMetrics {
  samplesRequested: number;
  samplesRetained: number;
  resamples: number;
  redFlags: Record<string, number>;
  tally?: VoteTally;
  decompositionTally?: VoteTally;
  durationMs: number;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensIn, read from the provider's prompt cache / written to it (absent: none reported). */
  tokensCached?: number;
  tokensCacheWrite?: number;
  costUsd: number;
  /** Calls that got no answer (refused, failed after retries, cut off by a pause): not samples, counted apart. */
  failedRequests?: number;
  /**
   * Requests out and not yet answered, at the session's mean cost per sample: journaled before a
   * paid request leaves, so that after a crash the answers it cut off (billed, never received)
   * still count against the budget. 0 or absent once the step's calls have settled.
   */
  pendingUsd?: number;
  verification?: VerificationRecord;
}

export interface VerificationRecord {
  command: string;
  exitCode: number | null;
  passed: boolean;
  output: string;
  durationMs: number;
  attempt: number;
}

export interface FileChange {
  /** Repo-relative, forward slashes. */
  path: string;
  /** null: the file does not exist before (created). */
  before: string | null;
  /** null: the file is deleted. */
  after: string | null;
  /** Executable bit before the change, kept on write. */
  mode?: number;
}

export interface ChangeSet {
  applier: string;
  files: FileChange[];
  /** true once written to disk; false while only planned (dry-run, untrusted, pending approval). */
  applied: boolean;
  rolledBack?: boolean;
}

export interface StepRecord {
  id: string;
  parentId: string | null;
  depth: number;
  /** Order among siblings; for chain steps the 0-based step number. */
  index: number;
  description: string;
  status: StepStatus;
  phase: StepPhase;
  /** Chain flow: the state given to this step (canonical JSON). */
  input?: string;
  /** The winning candidate's raw text. */
  winnerText?: string;
  /** The winning candidate's parsed output (e.g. {move, next_state}); JSON-able. */
  output?: unknown;
  /** Tree flow: subtasks a decomposition produced (ids of child steps). */
  childIds?: string[];
  changeSet?: ChangeSet;
  metrics: StepMetrics;
  /** Counters that fire human pauses are measured from these offsets (reset on resume). */
  pauseBaseline?: { redFlags: number; resamples: number; rejected?: number; costUsd?: number };
  /** Verifier output to feed back to the solver on a retry. */
  feedback?: string;
  /** Verify attempts so far (bounded by the domain's verify_retries). */
  attempts?: number;
  /** A human's reason for rejecting an answer, given to the next prompts as {{human_feedback}}. */
  humanFeedback?: string;
  /** The winner is a human's edit of the candidate (approved with an edit), not a model's answer. */
  humanEdited?: boolean;
  /** A human skipped this step: it completed without its work (nothing written). */
  skipped?: boolean;
  /**
   * Tree flow: the pause this step raised, kept on the step because siblings run at once and the
   * session records only one pause; a resume that answers another step asks this one again.
   */
  wait?: WaitState;
  /** Tree flow: a human approved the rest of this step's decomposition (no step-by-step pauses below it). */
  approveRest?: boolean;
  /** Vote keys a human rejected; they are discarded if drawn again. */
  rejectedKeys?: string[];
  /** Tree flow: vote keys whose change failed verification, with the verifier's verdict; discarded if drawn again. */
  failedKeys?: { key: string; verdict: string }[];
  /** Tree flow: ids of sibling steps that must complete first. */
  dependsOn?: string[];
  updatedAt: string;
}

export interface SampleRecord {
  stepId: string;
  role: AgentRole;
  /** 0-based draw number within the step and role. */
  seq: number;
  text: string;
  key?: string;
  flags: RedFlagHit[];
  tokensIn: number;
  tokensOut: number;
  finish: 'stop' | 'length' | 'error';
  temperature: number;
  latencyMs: number;
  model: string;
  /** A human rejected this candidate. */
  rejected?: boolean;
  /** Of tokensIn, read from the provider's prompt cache / written to it; set only when the provider reported some. */
  tokensCached?: number;
  tokensCacheWrite?: number;
}

export interface SessionMetrics {
  stepsTotal: number;
  stepsCompleted: number;
  samples: number;
  redFlags: number;
  resamples: number;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensIn, read from the providers' prompt caches / written to them (absent in stores older than caching: 0). */
  tokensCached?: number;
  tokensCacheWrite?: number;
  costUsd: number;
  maxVotesPerStep: number;
  wallMs: number;
  /**
   * Steps that drew samples, and the sum of each one's samples squared: the spread of samples per
   * step, from which the projected total takes its range (projection.ts). Summed by addStep like
   * every other total, so a recount after a crash restores them. Absent before the first sample.
   */
  stepsSampled?: number;
  samplesSq?: number;
}

/**
 * What the user asked for, so `resume` runs the session again the same way. The facade's
 * RunOverrides are these plus the API key, which is used by one process and never persisted.
 */
export interface RunSettings {
  configPath?: string;
  repoPath?: string;
  provider?: string;
  model?: string;
  baseUrl?: string;
  samples?: number;
  k?: number;
  adaptiveK?: boolean;
  /** First-to-ahead-by-k (default) or first-to-k, for every race of the run. */
  voteRule?: 'ahead_by_k' | 'first_to_k';
  /** How every agent's rounds become requests (config.yaml `sampling:`, engine/rounds.ts). */
  sampling?: 'separate' | 'batched' | 'after_first';
  maxConcurrentLlm?: number;
  stepByStep?: boolean;
  dryRun?: boolean;
  budgetUsd?: number;
  /** Notify once when the session's spend reaches this many USD, and go on (--warn-usd). */
  warnUsd?: number;
  /** Pause a race that would spend more than this many USD on one step (--max-step-usd). */
  maxStepUsd?: number;
  thresholds?: Partial<PauseThresholds>;
  /** Chain (hanoi) options. */
  disks?: number;
  errorRate?: number;
  seed?: number;
  /** Simulated model latency per call, ms. */
  latencyMs?: number;
  /** Scripted client: file of responses per role. */
  scriptPath?: string;
  /** noisy-coder model: JSON file of the tasks and known fixes it recognizes. */
  knownFixesPath?: string;
  /** noisy-coder model: probability P that a solver answer is the known fix. */
  fixRate?: number;
  /** noisy-coder model: probability Q that a discriminator names the right option. */
  judgeRate?: number;
  allowDirty?: boolean;
  commit?: boolean;
  timeoutMs?: number;
  /** Decomposition depth limit for this run (subprocess uses 0: solve the step itself). */
  maxDepth?: number;
  /** Extra template variables (subprocess --context-json). */
  extraVars?: Record<string, unknown>;
  /** Chain flow: start from this state (canonical JSON) instead of the initial one. */
  chainStart?: { state: string; previous?: unknown };
  /** Chain flow: stop after this many steps. */
  maxSteps?: number;
}

/**
 * The verifier's run before the first step of a tree session: what already fails (the
 * decomposer and solver are shown it) or that everything already passes. Output is trimmed.
 */
export interface BaselineRecord {
  command: string;
  exitCode: number | null;
  passed: boolean;
  output: string;
  durationMs: number;
  at: string;
}

/**
 * RunSettings as stored with a session, plus what the engine learned once and keeps for resume
 * (the baseline). A stored row may carry keys this version does not know (written by another
 * version), so reading one allows extra fields; never an API key.
 */
export type SessionMetadata = RunSettings & { baseline?: BaselineRecord; budgetWarned?: BudgetWarned } & { [extra: string]: unknown };

/** The spend warning fired (budgetWarn.ts): once per session, kept across resumes. */
export interface BudgetWarned {
  at: string;
  spentUsd: number;
  warnUsd: number;
}

export interface PauseThresholds {
  /** Pause when a step has this many red flags (0 disables). */
  redFlags: number;
  /** Pause when a step has this many resamples (0 disables). */
  resamples: number;
  /** Pause when a decided race's margin is <= this (0 disables). */
  lowMargin: number;
}

export interface SessionRecord {
  id: string;
  prompt: string;
  domain: string;
  flow: 'tree' | 'chain';
  status: SessionStatus;
  createdAt: string;
  updatedAt: string;
  waitState: WaitState | null;
  /** The process running it now, if any (app/lease.ts); the engine never reads or writes it. */
  lease?: SessionLease;
  metrics: SessionMetrics;
  metadata: SessionMetadata;
  error?: string;
  /**
   * Set by the store when part of the session's saved data is gone or unreadable (a missing
   * segment file, steps lost with a damaged DB file, a damaged journal line, an unreadable segment
   * moved aside): what is missing, in words (store/damage.ts is its one writer). Resume re-runs
   * what a re-run can redo and a whole run clears it; a missing segment file is refused.
   */
  damage?: string;
  /** Hidden from the default session lists (tree, `status`, serve, MCP) until unarchived; nothing else changes. */
  archived?: boolean;
}

/** One live owner per session: who runs it, and when that process last said it still does. */
export interface SessionLease {
  pid: number;
  host: string;
  /** Random per process: tells our own leftover lease from another process's, and a reused pid. */
  token: string;
  heartbeatAt: string;
}

export function emptyStepMetrics(): StepMetrics {
  return { samplesRequested: 0, samplesRetained: 0, resamples: 0, redFlags: {}, durationMs: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
}

export function emptySessionMetrics(): SessionMetrics {
  return { stepsTotal: 0, stepsCompleted: 0, samples: 0, redFlags: 0, resamples: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, maxVotesPerStep: 0, wallMs: 0 };
}
