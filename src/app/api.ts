// The application facade shared by the CLI and the extension: both start, resume and
// steer sessions through these calls, so they behave the same and share one store.
import type { EngineEvent } from '../engine/events';
import type { Logger, SessionStore } from '../engine/ports';
import type { LlmCall } from '../llm';
import type { RunChoices, SessionStatus, WaitState } from '../engine/model';

/** What a caller may set for one run: the RunChoices a session names in its metadata, and more. */
export interface RunOverrides extends RunChoices {
  /** Used for this process only; never persisted. */
  apiKey?: string;
  /** Simulated model latency per call, ms. */
  latencyMs?: number;
  /** Scripted client: file of responses per role. */
  scriptPath?: string;
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

export interface RunRequest extends RunOverrides {
  prompt: string;
  domain: string;
}

/** A human's answer to a paused step. */
export interface Decision {
  action: 'approve' | 'reject';
  /**
   * approve: the caller already wrote the paused candidate's change set itself (the extension
   * applies it as a WorkspaceEdit so Undo works); the engine must not write it again.
   */
  appliedExternally?: boolean;
}

export interface RunOutcome {
  sessionId: string;
  status: SessionStatus;
  waitState: WaitState | null;
  error?: string;
}

export interface RunHandle {
  sessionId: string;
  done: Promise<RunOutcome>;
  /** Aborts in-flight LLM calls and saves the session as cancelled (resumable). */
  cancel(): void;
}

export interface AppDeps {
  store: SessionStore;
  /** Looks up a key before the environment (the extension's SecretStorage). */
  keyLookup?: (provider: string) => Promise<string | undefined>;
  log?: Logger;
  onEvent?: (event: EngineEvent) => void;
  /** Every model call of the run, answered or failed (the CLI's --inspect and session log). */
  onLlmCall?: (call: LlmCall) => void;
  /** Folder holding config.yaml, templates/ and the WASM files (dist/.. when bundled). */
  resourceRoot: string;
  /** false in an untrusted workspace: plan change sets, never write or run a verifier. */
  trusted?: boolean;
}
