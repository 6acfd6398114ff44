// Typed engine events. The CLI progress display, the extension's tree and webview and
// `serve`'s SSE stream all listen to these same events.
import type { AgentRole, BaselineRecord, ChangeSet, RedFlagHit, SessionMetrics, SessionStatus, StepRecord, VoteTally, WaitState } from './model';

export type EngineEvent =
  | { type: 'session_started'; sessionId: string; domain: string; flow: 'tree' | 'chain'; resumed: boolean; stepsTotal: number }
  | { type: 'verifier_chosen'; sessionId: string; command: string | null; detected: boolean; reason: string }
  | { type: 'baseline'; sessionId: string; baseline: BaselineRecord; note?: string }
  | { type: 'step_started'; sessionId: string; stepId: string; parentId: string | null; depth: number; description: string; phase: StepRecord['phase'] }
  | { type: 'sample_drawn'; sessionId: string; stepId: string; role: AgentRole; seq: number; key?: string; tokensOut: number; latencyMs: number }
  | { type: 'red_flagged'; sessionId: string; stepId: string; role: AgentRole; seq: number; flags: RedFlagHit[]; preview: string }
  | { type: 'vote_decided'; sessionId: string; stepId: string; role: AgentRole; tally: VoteTally }
  | { type: 'decomposed'; sessionId: string; stepId: string; childIds: string[]; atomic: boolean }
  | { type: 'change_planned'; sessionId: string; stepId: string; changeSet: ChangeSet }
  | { type: 'change_applied'; sessionId: string; stepId: string; changeSet: ChangeSet }
  | { type: 'verified'; sessionId: string; stepId: string; passed: boolean; exitCode: number | null; rolledBack: boolean }
  | { type: 'paused'; sessionId: string; waitState: WaitState }
  | { type: 'step_completed'; sessionId: string; step: StepRecord }
  | { type: 'step_failed'; sessionId: string; stepId: string; error: string }
  | { type: 'metrics'; sessionId: string; metrics: SessionMetrics }
  /** The session's spend reached --warn-usd (once per session, budgetWarn.ts); the run goes on. */
  | { type: 'budget_warning'; sessionId: string; spentUsd: number; warnUsd: number }
  | { type: 'log'; sessionId: string; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'session_finished'; sessionId: string; status: SessionStatus; metrics: SessionMetrics; error?: string };

export type EngineEventType = EngineEvent['type'];
export type EventListener = (event: EngineEvent) => void;

/** Minimal synchronous emitter: listeners must be cheap; a throwing listener never breaks a run. */
export class EventBus {
  private listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  emit(event: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A UI listener failing must not corrupt a run; the listener owns its own error reporting.
      }
    }
  }
}
