// The engine's ports. Adapters in src/llm, src/store and src/workspace implement them;
// the engine itself never touches fs, the network, child_process or vscode.
import type {
  AgentRole, ChangeSet, SampleRecord, SessionRecord, SessionStatus, StepRecord, VerificationRecord, WaitState, SessionMetrics, SessionLease,
} from './model';

// ---------- LLM ----------
export interface LlmRequest {
  /** Provider name as configured ('simulated', 'scripted', 'openai', 'anthropic', 'gemini', 'grok', 'openai-compatible'). */
  provider: string;
  model: string;
  role: AgentRole;
  system?: string;
  prompt: string;
  /**
   * How many leading characters of `prompt` are the same for every step of this agent (the
   * template's text before `{{!-- end of stable part --}}`); the system prompt counts as stable
   * whole. Providers with explicit prompt caching (Anthropic) mark that prefix; unset: none.
   */
  stablePrefix?: number;
  temperature: number;
  maxTokens: number;
  /** Sampling beyond temperature, for providers that take it (the local model); unset: the provider's defaults. */
  sampling?: SamplingSettings;
  /** Free-form routing hints (e.g. the chain step number for scripted replays). Never sent to a provider. */
  meta?: Record<string, unknown>;
  /**
   * Independent choices wanted from this one request (OpenAI `n`, Gemini `candidateCount`); unset: 1.
   * Only sent when LlmClient.choices() allows more than one; a client may still return fewer.
   */
  n?: number;
}

export interface SamplingSettings {
  topK?: number;
  topP?: number;
  minP?: number;
  /** Fixed per sample; unset: the client draws a fresh one, so parallel votes are not identical. */
  seed?: number;
}

export interface LlmUsage {
  /** Every input token of the request, cached or not: cachedInput and cacheWrite are parts of it. */
  input: number;
  output: number;
  /** Input tokens read from the provider's prompt cache (billed at its cached rate); absent: none reported. */
  cachedInput?: number;
  /** Input tokens written to the prompt cache (Anthropic bills a premium for them); absent: none reported. */
  cacheWrite?: number;
}

export interface LlmResponse {
  text: string;
  usage: LlmUsage;
  finish: 'stop' | 'length' | 'error';
  latencyMs: number;
  /** Set by the client when it knows the price; otherwise the engine prices it from the pricing table. */
  costUsd?: number;
  /**
   * For a request with n > 1: every choice the reply holds, each with its share of the request's
   * usage and cost (they sum to `usage` and `costUsd`); `text` and `finish` above are the first's.
   * Absent: the reply is one choice, the response itself.
   */
  choices?: LlmChoice[];
}

/** One of several independent answers to one request (n-sampling). */
export interface LlmChoice {
  text: string;
  finish: LlmResponse['finish'];
  usage: LlmUsage;
  costUsd?: number;
}

export interface LlmClient {
  complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse>;
  /**
   * How many choices one request for this provider and model may ask for now (n-sampling);
   * absent or 1: one request per sample. A router answers from what it learnt of the server.
   */
  choices?(request: Pick<LlmRequest, 'provider' | 'model'>): number;
  /** Loads what `model` needs (a local model file, a native package), so a mistake is a usage error before a session exists. */
  prepare?(model: string): Promise<void>;
}

/**
 * Thrown by an LLM client (or its retry layer) when going on would be pointless or costly:
 * the engine saves the session as paused with this trigger instead of failing.
 */
export class LlmPauseError extends Error {
  constructor(
    readonly trigger: 'rate_limited' | 'quota' | 'budget' | 'provider_error',
    message: string,
    /** When it is worth resuming (ISO time), if known. */
    readonly retryAt?: string,
  ) {
    super(message);
    this.name = 'LlmPauseError';
  }
}

/** Thrown for errors the user must fix (missing key, unknown provider, bad request). Fails the session with this message. */
export class LlmConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmConfigError';
  }
}

// ---------- Store ----------
export interface StepQuery {
  /** undefined: any parent; null: root steps only. */
  parentId?: string | null;
  offset?: number;
  limit?: number;
}

export interface SessionPatch {
  status?: SessionStatus;
  waitState?: WaitState | null;
  metrics?: SessionMetrics;
  metadata?: SessionRecord['metadata'];
  error?: string | null;
  /** SessionRecord.damage; null clears it. */
  damage?: string | null;
  updatedAt?: string;
  /** Take, refresh (a heartbeat) or, with null, release the session's lease. */
  lease?: SessionLease | null;
  /** SessionRecord.archived; false unarchives. */
  archived?: boolean;
}

/** What deleting a session removed: its steps (main DB and segments), their samples, and its segment files. */
export interface SessionRemoval {
  steps: number;
  samples: number;
  segmentFiles: number;
}

/** Which sessions a list holds: undefined every one, false the unarchived (what a person's list shows), true the archived. */
export interface SessionListQuery {
  limit?: number;
  offset?: number;
  archived?: boolean;
}

/**
 * Session persistence. Writes are synchronous and cheap (in memory plus an append-only journal):
 * once a write call returns, a SIGKILL must not lose it. flush() makes a full checkpoint.
 * The cost of putStep/addSamples must not grow with the session's length.
 */
export interface SessionStore {
  createSession(session: SessionRecord): void;
  updateSession(id: string, patch: SessionPatch): void;
  getSession(id: string): SessionRecord | undefined;
  /** Most recently updated first. */
  listSessions(opts?: SessionListQuery): SessionRecord[];
  putStep(sessionId: string, step: StepRecord): void;
  /**
   * Optional: addSamples(samples) then putStep(step) as one write. A chain run makes this one call
   * per finished step, so a store can journal it as one record (and keep appends cheap).
   */
  putStepWithSamples?(sessionId: string, step: StepRecord, samples: SampleRecord[]): void;
  deleteSteps(sessionId: string, stepIds: string[]): void;
  /** Optional: removes the session and everything stored of it; undefined when there is no such session. */
  deleteSession?(sessionId: string): SessionRemoval | undefined;
  /**
   * Optional: checks a session's stored steps for damage on disk (`deep`: read everything, else only
   * what is cheap); damaged parts are moved aside and noted on the session (SessionRecord.damage).
   * Returns what was found.
   */
  verifySession?(sessionId: string, opts: { deep: boolean }): string[];
  /**
   * Optional: sums the session's totals again from every stored step, finished or not (the rule of
   * engine/totals.ts), and saves them: a process killed mid-run left its totals behind its rows.
   */
  recount?(sessionId: string): void;
  getStep(sessionId: string, stepId: string): StepRecord | undefined;
  /** Ordered by index. */
  getSteps(sessionId: string, query?: StepQuery): StepRecord[];
  countSteps(sessionId: string, query?: { parentId?: string | null; status?: string }): number;
  /** Chain flow: the completed step with the highest index, or undefined. */
  lastCompletedChainStep(sessionId: string): StepRecord | undefined;
  /** Sample bodies are kept by the store's retention policy: callers may get fewer back than they added. */
  addSamples(sessionId: string, samples: SampleRecord[]): void;
  getSamples(sessionId: string, stepId: string): SampleRecord[];
  markSampleRejected(sessionId: string, stepId: string, role: AgentRole, seq: number): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional, for a store shared by processes: runs `f` with no other process writing between
   * its reads and its writes (it reads the newest state first), and makes its writes visible to
   * the others before it returns. Without it a store is taken to be this process's alone.
   */
  exclusive?<T>(f: () => T): Promise<T>;
}

// ---------- Workspace (apply / verify) ----------
export type PlanResult = { ok: true; changeSet: ChangeSet } | { ok: false; reason: string };

export interface Workspace {
  /** Turn a candidate into a change set without writing anything; refusals become red flags. */
  plan(candidateText: string, stepDescription: string): Promise<PlanResult>;
  /** Write a planned change set (atomic per file). Must be safe to call again after a crash. */
  apply(changeSet: ChangeSet): Promise<void>;
  /** Restore every file of the change set to its `before` bytes. Idempotent. */
  rollback(changeSet: ChangeSet): Promise<void>;
  /** Run the domain's verifier, if any; undefined when there is none. */
  verify(attempt: number, signal?: AbortSignal): Promise<VerificationRecord | undefined>;
  /**
   * Files the solver should see for a step: those its description names, then those `related`
   * names (the baseline's failing output). Bounded in count and size; read-only.
   */
  describe?(stepDescription: string, related?: string): Promise<{ path: string; content: string }[]>;
  /**
   * The repository map: its files with their top-level symbols, ranked by relevance to `query`
   * (the task, the step, failing output) and cut to about `tokens` tokens ('' for 0).
   */
  repoMap?(query: string, tokens: number): Promise<string>;
  /** The verifier `verify` runs: the configured command, or what `verifier: auto` found (or why none). */
  readonly verifier?: VerifierChoice;
  /** Commit an applied step's files when the user asked for --commit. */
  commit?(message: string, changeSet?: ChangeSet): Promise<void>;
  /** false in dry-run or an untrusted workspace: plan only, never write or run. */
  readonly canWrite: boolean;
}

export interface VerifierChoice {
  /** undefined: `verifier: auto` found no command; steps are applied unverified. */
  command?: string;
  /** true when `verifier: auto` chose it. */
  detected: boolean;
  /** Why this command, or why none, in one line. */
  reason: string;
}

// ---------- Syntax (tree-sitter) ----------
export interface SyntaxChecker {
  /** Languages it can parse, e.g. ['python','rust','javascript','typescript','java','go']. */
  languages(): string[];
  /** Describes the first parse errors in `code`, or null when it parses cleanly. Throws on an unknown language. */
  check(language: string, code: string): Promise<string | null>;
}

// ---------- Misc ----------
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A seeded random source, so simulated runs and tests are reproducible. */
export interface Random {
  next(): number;
}
