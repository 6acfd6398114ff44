// One step solved and voted on its own, for supervising agents that embed Microfactory as a
// tool: `microfactory subprocess` and the MCP server's `vote` tool. Tree domains solve the step
// directly (no decomposition); chain domains take one state from the context
// ({"state": ..., "previous_move": ...}). Nothing is written to the repository unless `apply`.
import type { AppDeps, RunHandle, RunOverrides, RunOutcome, RunRequest } from './api';
import { sessionSummaryJson, stepJson } from './json';
import { startRun } from './session';
import type { SessionStore } from '../engine/ports';

export interface OneStepRequest {
  domain: string;
  step: string;
  /** Template variables; for a chain domain `state` (and `previous_move`) pick the step. */
  context?: Record<string, unknown>;
  /** Write the winning change set (else a dry run). */
  apply?: boolean;
  overrides?: RunOverrides;
}

/** The run request of one step: a dry run unless `apply`, no decomposition, one chain step. */
export function oneStepRequest(r: OneStepRequest): RunRequest {
  const context = r.context ?? {};
  const o = r.overrides ?? {};
  const chainStart = context.state !== undefined ? { state: JSON.stringify(context.state), previous: context.previous_move ? { move: context.previous_move } : undefined } : undefined;
  return { ...o, prompt: r.step, domain: r.domain, dryRun: r.apply ? o.dryRun : true, maxDepth: 0, extraVars: context, chainStart, maxSteps: chainStart ? 1 : undefined };
}

export function solveOneStep(r: OneStepRequest, deps: AppDeps): Promise<RunHandle> {
  return startRun(oneStepRequest(r), deps);
}

/** The step's winner, every candidate and the tally: what `subprocess` prints and `vote` returns. */
export function oneStepJson(store: SessionStore, outcome: RunOutcome) {
  const s = store.getSession(outcome.sessionId)!;
  const step = store.getSteps(s.id, { limit: 1 })[0];
  const samples = step ? store.getSamples(s.id, step.id) : [];
  return {
    ...sessionSummaryJson(s),
    winner: step?.winnerText !== undefined ? { text: step.winnerText, key: step.metrics.tally?.winner ?? null, output: step.output ?? null } : null,
    candidates: samples.map((c) => ({ role: c.role, seq: c.seq, text: c.text, key: c.key ?? null, flags: c.flags, tokens_out: c.tokensOut })),
    tally: step?.metrics.tally ?? null,
    step: step ? stepJson(step) : null,
    change_set: step?.changeSet ?? null,
  };
}
