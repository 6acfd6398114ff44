// A human's answer to a pause, in one place for every front end: how flags or a request body
// become a Decision (the CLI's resume flags, serve's resume body, later MCP), which decisions a
// pause allows (the editor's buttons and when-clauses, the panel, notifications), and the check
// that refuses a decision the paused step cannot take, before anything is started.
import type { PauseTrigger, SessionMetadata, SessionRecord, StepRecord, WaitState } from '../engine/model';
import { isBuiltinProvider, PROVIDERS } from '../llm/providerInfo';
import type { Decision } from './api';
import { DEFAULT_PROVIDER, UsageError } from './options';

/** Pauses that only wait (for the provider, the budget, a cancel): resuming answers them; there is no candidate to judge. */
const WAIT_ONLY: readonly PauseTrigger[] = ['rate_limited', 'provider_error', 'quota', 'budget', 'step_budget', 'cancelled'];

/** Triggers where a human judges a candidate (approve/reject…), as opposed to just resuming. */
export function isDecisionTrigger(trigger: PauseTrigger): boolean {
  return !WAIT_ONLY.includes(trigger);
}

/** What a front end received, in its own names (`name` turns a field into the flag or key its user typed). */
export interface DecisionInput {
  approve?: boolean;
  reject?: boolean;
  skip?: boolean;
  feedback?: string;
  /** The human's own answer (a solver answer in the domain's format), approved in place of the candidate. */
  editText?: string;
  approveRest?: boolean;
}

type Field = keyof DecisionInput;

/** Maps the input to a Decision, or undefined for a plain resume; contradictions are usage errors naming the flags. */
export function decisionFrom(i: DecisionInput, name: (f: Field) => string): Decision | undefined {
  const actions = (['approve', 'reject', 'skip'] as const).filter((a) => i[a] === true);
  if (actions.length > 1) throw new UsageError(`${actions.map(name).join(' and ')} exclude each other`);
  const approveOnly = (['editText', 'approveRest'] as const).filter((f) => i[f] !== undefined && i[f] !== false);
  const feedback = i.feedback !== undefined;
  if (feedback && !i.feedback!.trim()) throw new UsageError(`${name('feedback')} needs a reason (it goes into the solver's next prompt)`);
  if (feedback && (i.approve || i.skip)) throw new UsageError(`${name('feedback')} goes with ${name('reject')}, not ${name(i.approve ? 'approve' : 'skip')}`);
  if (approveOnly.length && (i.reject || i.skip || feedback)) {
    throw new UsageError(`${name(approveOnly[0])} approves; it cannot go with ${name(i.skip ? 'skip' : i.reject ? 'reject' : 'feedback')}`);
  }
  if (i.skip) return { action: 'skip' };
  if (i.reject || feedback) return { action: 'reject', ...(feedback ? { feedback: i.feedback!.trim() } : {}) };
  if (i.approve || approveOnly.length) {
    return {
      action: 'approve',
      ...(i.editText !== undefined ? { edit: { text: i.editText } } : {}),
      ...(i.approveRest ? { approveRest: true } : {}),
    };
  }
  return undefined;
}

/**
 * Refuses a decision the paused step cannot take: skip and edit are tree-flow decisions (a
 * chain's next step needs this one's state), and an edit replaces a solution, not a plan.
 */
export function checkDecision(session: SessionRecord, step: StepRecord | undefined, d: Decision | undefined): void {
  if (!d) return;
  if (!session.waitState || !isDecisionTrigger(session.waitState.trigger)) {
    const why = session.waitState ? `it waits on ${session.waitState.trigger}, not on a decision; resume without one` : 'it waits on nothing';
    if (session.status === 'paused') throw new UsageError(`'${d.action}' answers a decision, but session ${session.id} ${why}`);
  }
  const edits = d.action === 'approve' && d.edit !== undefined;
  if (session.flow === 'chain' && (d.action === 'skip' || edits)) {
    throw new UsageError(`'${edits ? 'edit' : 'skip'}' is for tree-flow sessions; in a chain every step's state feeds the next (approve or reject instead)`);
  }
  if (edits && step?.childIds?.length) throw new UsageError(`step ${step.id} paused after its decomposition; an edit replaces a solution (approve or reject the plan instead)`);
  if (d.action === 'reject' && d.feedback && session.flow === 'chain') throw new UsageError('feedback is for tree-flow sessions; a chain step\'s prompt is its state (reject without it)');
  if (d.approveRest && session.flow === 'chain') throw new UsageError('approving the rest of a decomposition is for tree-flow sessions');
}

/** Everything a person can do at a pause, in the order a front end offers it. */
export type DecisionChoice =
  | 'showDiff'
  | 'approve'
  | 'edit'
  | 'reject'
  | 'rejectWithFeedback'
  | 'skip'
  | 'continueWithoutPausing'
  | 'approveRest'
  | 'resume'
  | 'openSettings'
  | 'cancel';

export interface PauseFacts {
  flow: 'tree' | 'chain';
  wait: WaitState;
  /** The paused step has a candidate answer a human can approve (a decided vote). */
  hasCandidate: boolean;
  /** The candidate plans into file changes (a diff to show, a document to edit). */
  hasDiff: boolean;
  /** The pause followed a decomposition (the step has subtasks). */
  decomposed: boolean;
}

/** The choices a pause allows: each front end shows exactly these, so no button appears where it cannot work. */
export function decisionChoices(p: PauseFacts): DecisionChoice[] {
  const trigger = p.wait.trigger;
  if (!isDecisionTrigger(trigger)) return ['resume', ...(trigger === 'provider_error' || trigger === 'quota' ? (['openSettings'] as const) : []), 'cancel'];
  const tree = p.flow === 'tree';
  const out: DecisionChoice[] = [];
  if (p.hasDiff) out.push('showDiff');
  // The rejected answer is the only one there is: approving it again would undo the reject.
  if (trigger !== 'rejected_repeated') out.push('approve');
  if (tree && !p.decomposed && (p.hasDiff || trigger === 'rejected_repeated')) out.push('edit');
  if (trigger !== 'rejected_repeated' && p.hasCandidate) out.push('reject');
  // A chain's prompt is its state: feedback, skip and edit belong to the tree flow.
  if (tree) out.push('rejectWithFeedback', 'skip');
  if (trigger === 'step_by_step') out.push('continueWithoutPausing', ...(tree ? (['approveRest'] as const) : []));
  out.push('cancel');
  return out;
}

const LABELS: Record<DecisionChoice, string> = {
  showDiff: 'Show Diff',
  approve: 'Approve',
  edit: 'Edit…',
  reject: 'Reject',
  rejectWithFeedback: 'Reject with Feedback…',
  skip: 'Skip Step',
  continueWithoutPausing: 'Continue without Pausing',
  approveRest: 'Approve the Rest of This Decomposition',
  resume: 'Resume',
  openSettings: 'Open Settings',
  cancel: 'Cancel Session',
};

export function choiceLabel(c: DecisionChoice): string {
  return LABELS[c];
}

/** The pause facts of a session from the store's records (the step the wait names). */
export function pauseFacts(session: SessionRecord, step: StepRecord | undefined): PauseFacts | undefined {
  if (session.status !== 'paused' || !session.waitState) return undefined;
  return {
    flow: session.flow,
    wait: session.waitState,
    hasCandidate: step?.winnerText !== undefined || (step?.childIds?.length ?? 0) > 0,
    hasDiff: (step?.changeSet?.files.length ?? 0) > 0,
    decomposed: (step?.childIds?.length ?? 0) > 0,
  };
}

/** Where a session's model calls go: "openai-compatible at http://…", the first thing to check when the provider keeps failing. */
export function providerEndpoint(meta: SessionMetadata): string {
  const provider = meta.provider ?? DEFAULT_PROVIDER;
  const url = meta.baseUrl ?? (isBuiltinProvider(provider) ? PROVIDERS[provider].defaultBaseUrl : undefined);
  return url ? `${provider} at ${url}` : provider;
}
