// The application facade shared by the CLI and the extension: both start, resume and
// steer sessions through these calls, so they behave the same and share one store.
import type { EngineEvent } from '../engine/events';
import type { Logger, SessionStore } from '../engine/ports';
import type { LlmCall } from '../llm';
import type { RunSettings } from '../engine/model';
import type { RunResult } from '../engine/runner';

/** What a caller may set for one run: the persisted settings plus the key, which never is. */
export interface RunOverrides extends RunSettings {
  /** Used for this process only; never persisted. */
  apiKey?: string;
}

export interface RunRequest extends RunOverrides {
  prompt: string;
  domain: string;
}

/** The engine's types under the facade's names: a human's answer to a pause, and how a run ended. */
export type { ResumeDecision as Decision } from '../engine/context';
export type { RunResult as RunOutcome } from '../engine/runner';

export interface RunHandle {
  sessionId: string;
  done: Promise<RunResult>;
  /** Aborts in-flight LLM calls and saves the session as cancelled (resumable). */
  cancel(): void;
  /** Switches step-by-step pauses for the rest of this run and later resumes (an auto-approve toggle). */
  setStepByStep(on: boolean): void;
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
