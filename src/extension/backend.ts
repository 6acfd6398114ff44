// The only door from the extension to the application facade and the store. They live in a
// separate bundle (dist/extension-core.js, see backendCore.ts) loaded on first use, so
// activation neither parses nor runs the SDKs, sql.js or the engine.
import type { AppDeps, Decision, RunHandle, RunOverrides, RunRequest } from '../app/api';
import type { DomainSummary, PausedCandidate } from '../app/session';
import type { DecisionView } from '../app/decisionView';
import type { CandidateRef } from '../app/candidates';
import type { ChangeSet } from '../engine/model';
import type { Logger, SessionStore } from '../engine/ports';

// Light values (the provider tables hold no SDK, llm/providerInfo.ts keeps them so) come eagerly,
// but still through this door: the one place the extension reaches into the layers below.
export { BUILTIN_PROVIDERS, PROVIDERS, type BuiltinProvider } from '../llm/providerInfo';
export { definedOnly } from '../engine/defined';
export { SAMPLING_MODES } from '../engine/config';
export { isHanoiSession, replaySession } from '../app/hanoiCheck';
export { agentModel, agentProvider } from '../engine/agentModel';
export { keyStatus, keyStatusLabel, type KeyStatus } from '../app/keyStatus';
export { configErrorPosition, type ConfigErrorPosition } from '../app/configPosition';
export { changeSetSide, hasLiveChange, markUndone, releaseWaits, reopenForRerun, restorePlan } from '../app/restorePlan';
// The words for votes, money and figures, shared with the CLI and serve (pure, light).
export * from '../app/labels';
// The run registry is light (no SDK, no sql.js): it launches runs through loadBackend() below.
export { Runs } from '../app/runs';
export { describeOwner, foreignLiveLease } from '../app/lease';
export { contextLines } from '../app/contextWords';
// What a pause allows, and the labels of those choices (pure, light).
export { cancelStopped } from '../app/stopped';
export { deleteSession, removalText, setArchived } from '../app/sessionAdmin';
export { choiceLabel, decisionChoices, isDecisionTrigger, pauseFacts, providerEndpoint, type DecisionChoice } from '../app/decision';

/** The store plus its cross-process hook: `listener` runs after it picked up another process's writes. */
export type HostStore = SessionStore & {
  onExternalChange(listener: () => void): () => void;
};

export interface Backend {
  startRun(req: RunRequest, deps: AppDeps): Promise<RunHandle>;
  resumeRun(sessionId: string, overrides: RunOverrides & { decision?: Decision }, deps: AppDeps): Promise<RunHandle>;
  listDomains(configPath: string | undefined, resourceRoot: string): Promise<DomainSummary[]>;
  pausedCandidate(store: SessionStore, sessionId: string): PausedCandidate | undefined;
  /** The files a candidate of a step would change, planned on demand (read-only). */
  candidateChangeSet(store: SessionStore, ref: CandidateRef): Promise<ChangeSet | undefined>;
  openStore(filePath: string, log: Logger): Promise<HostStore>;
  /** The config's ConfigError line, or undefined when it loads (app/configCheck.ts). */
  configProblem(configPath: string): string | undefined;
  /** "Stash and Run": puts every uncommitted change of `dir` aside (git stash -u). */
  stashAll(dir: string, message: string): Promise<void>;
  /** What the panel shows to decide a pause: diff, tally, other candidates, choices. */
  decisionView(store: SessionStore, sessionId: string): DecisionView | undefined;
}

let loading: Promise<Backend> | undefined;

/** Set by esbuild in dist/extension.js: the core is then a separate file beside it. */
declare const MICROFACTORY_SPLIT_CORE: boolean | undefined;

export function loadBackend(): Promise<Backend> {
  loading ??= Promise.resolve().then(() =>
    typeof MICROFACTORY_SPLIT_CORE !== 'undefined' && MICROFACTORY_SPLIT_CORE
      ? (require('./extension-core.js') as typeof import('./backendCore')).backend
      : import('./backendCore').then((m) => m.backend),
  );
  return loading;
}
