// What every part of a run shares: the session, its config and ports, the event bus, and the
// signals that stop work (cancel, pause). Owned by the Runner for one run.
import type { AgentConfig, DomainConfig } from './config';
import type { EventBus } from './events';
import type { AgentRole, ChangeSet, PauseThresholds, SampleRecord, SessionRecord, StepMetrics, StepRecord, WaitState } from './model';
import type { Clock, LlmClient, Logger, SessionStore, SyntaxChecker, Workspace } from './ports';
import type { AdaptiveK } from './adaptiveK';

/**
 * A human's answer when resuming a paused session: the one decision type every front end (the
 * CLI's resume flags, serve's resume body, the editor's buttons) builds, through app/decision.ts.
 */
export interface ResumeDecision {
  /** approve the candidate (or the human's edit of it); reject it and resample; skip the step. */
  action: 'approve' | 'reject' | 'skip';
  /**
   * approve: the caller already wrote the change set itself (the extension applies it as a
   * WorkspaceEdit so Undo works); the engine must not write it again, only verify it.
   */
  appliedExternally?: boolean;
  /**
   * approve: the human's own answer instead of the candidate's. `text` is a solver answer in the
   * domain's format (planned and written by the engine); `changeSet` is what the caller wrote
   * (with appliedExternally). Recorded on the step as a human-edited winner.
   */
  edit?: { text?: string; changeSet?: ChangeSet };
  /** reject: why; the solver's next prompt gets it as {{human_feedback}}. */
  feedback?: string;
  /** approve: no step-by-step pauses for the rest of the decomposition the paused step belongs to. */
  approveRest?: boolean;
}

export interface EngineOptions {
  /** Default provider/model for agents that name none. */
  provider: string;
  model?: string;
  kOverride?: number;
  samplesOverride?: number;
  adaptiveK: boolean;
  stepByStep: boolean;
  thresholds: PauseThresholds;
  /** Chain flow: number of disks (hanoi). */
  disks?: number;
  /** Extra template variables for every prompt (subprocess --context-json). */
  extraVars?: Record<string, unknown>;
  /** Chain flow: start from this state (encoded) and previous output instead of the initial state. */
  chainStart?: { state: string; previous?: unknown };
  /** Chain flow: stop after this many steps. */
  maxSteps?: number;
  /** Notify once when the session's spend reaches this (budgetWarn.ts). */
  warnUsd?: number;
  /** Pause a race that would spend more than this on one step (stepBudget.ts). */
  maxStepUsd?: number;
}

/** Thrown inside a step to pause the session with a wait state. */
export class StepPause extends Error {
  constructor(readonly wait: WaitState) {
    super(`paused: ${wait.trigger} on step ${wait.stepId}`);
    this.name = 'StepPause';
  }
}

/** Thrown to stop a step quietly because the session is pausing or cancelled elsewhere. */
export class Halt extends Error {
  constructor() {
    super('halted');
    this.name = 'Halt';
  }
}

export interface EngineContext {
  session: SessionRecord;
  domain: DomainConfig;
  options: EngineOptions;
  llm: LlmClient;
  store: SessionStore;
  workspace?: Workspace;
  syntax?: SyntaxChecker;
  events: EventBus;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  adaptive: AdaptiveK;
  /** Set when a pause or failure means no new work should start. */
  halted: boolean;
  /** The wait state being resumed from, with the human's decision, if any. */
  resume?: { wait: WaitState; decision?: ResumeDecision };
  agent(role: AgentRole): AgentConfig | undefined;
  kFor(role: AgentRole): number;
  provider(agent: AgentConfig): string;
  model(agent: AgentConfig): string;
  /** Persist a step row (cheap; journaled), with the samples drawn for it when given (one store write). */
  saveStep(step: StepRecord, samples?: SampleRecord[]): void;
  /** Journals a paid sample at once, with its step as it is now (stepWrites.ts). */
  keepPaid(step: StepRecord, sample: SampleRecord): void;
  /** Rolls a step into the session's totals (totals.ts) and persists them now and then; see StepWrites.account. */
  account(step: StepRecord, since?: StepMetrics, unfinished?: boolean): void;
  checkHalt(): void;
}
