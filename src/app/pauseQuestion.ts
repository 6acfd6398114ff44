// What a paused session asks of a human, as data for a caller that is not a human: an MCP client
// (an agent in Copilot, Claude Code, Cline) gets the wait state, the candidate's diff and the
// decisions it may send. Approving writes the candidate's change set, which an untrusted
// workspace must never do, so there `approve` is not offered when the candidate would write.
import { createTwoFilesPatch } from 'diff';
import type { SessionStore } from '../engine/ports';
import { isDecisionTrigger } from './decision';
import { stepJson } from './json';
import { pausedCandidate } from './session';

// Pauses that ask a human to judge a candidate; the others (rate limits, budgets, quota) only wait to be resumed.
export { isDecisionTrigger } from './decision';

/** A diff longer than this is cut (the change set itself stays whole in the store and the export). */
export const MAX_DIFF_CHARS = 20_000;

export type PauseDecision = 'approve' | 'reject' | 'resume';

/** Whether approving the paused candidate would write files (a change set planned and not yet applied). */
export function approveWrites(store: SessionStore, sessionId: string): boolean {
  const cs = pausedCandidate(store, sessionId)?.changeSet;
  return !!cs && cs.files.length > 0 && !cs.applied;
}

/** null unless the session is paused. */
export function pauseQuestion(store: SessionStore, sessionId: string, o: { trusted: boolean }) {
  const s = store.getSession(sessionId);
  if (!s || s.status !== 'paused' || !s.waitState) return null;
  const w = s.waitState;
  const decision = isDecisionTrigger(w.trigger);
  const paused = pausedCandidate(store, sessionId);
  const cs = paused?.changeSet;
  const writes = approveWrites(store, sessionId);
  const allowed: PauseDecision[] = !decision ? ['resume'] : writes && !o.trusted ? ['reject'] : ['approve', 'reject'];
  return {
    trigger: w.trigger,
    details: w.details,
    at: w.at,
    decision_needed: decision,
    allowed_decisions: allowed,
    approve_refused: writes && !o.trusted && decision ? 'approving would write files, and this workspace is not trusted: a human must trust it (or apply the change) first' : null,
    step: paused ? stepJson(paused.step) : null,
    // The text the change set was planned from (the step's vote winner), so text and diff agree.
    candidate_text: paused?.step.winnerText ?? null,
    change_set: cs
      ? {
          applier: cs.applier,
          applied: cs.applied,
          files: cs.files.map((f) => ({ path: f.path, change: f.before === null ? 'create' : f.after === null ? 'delete' : 'modify', diff: fileDiff(f.path, f.before, f.after) })),
        }
      : null,
  };
}

function fileDiff(path: string, before: string | null, after: string | null): string {
  const d = createTwoFilesPatch(before === null ? '/dev/null' : `a/${path}`, after === null ? '/dev/null' : `b/${path}`, before ?? '', after ?? '');
  return d.length > MAX_DIFF_CHARS ? `${d.slice(0, MAX_DIFF_CHARS)}\n… (${d.length - MAX_DIFF_CHARS} more characters)` : d;
}
