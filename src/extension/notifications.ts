// What a finished or paused run tells the user. Fire-and-forget: a notification's promise
// only settles when it is clicked, so nothing may await it (a test, a command, a resume).
// Actions call the public commands, so a click does exactly what the palette would do.
import * as vscode from 'vscode';
import type { RunOutcome } from '../app/api';
import type { WaitState } from '../engine/model';
import { CHOICE_COMMANDS } from './approval/choiceCommands';
import { budgetWarningText, choiceLabel, decisionChoices, pauseFacts, providerEndpoint, type DecisionChoice } from './backend';
import { describeTrigger, formatCost, truncate } from './format';
import type { StoreHost } from './storeHost';
import { UNTRUSTED_REASON } from './trust';

type Action = { title: string; command: string };

function offer(show: (msg: string, ...items: string[]) => Thenable<string | undefined>, msg: string, sessionId: string, actions: Action[]): void {
  void show(msg, ...actions.map((a) => a.title)).then((picked) => {
    const a = actions.find((x) => x.title === picked);
    if (a) void vscode.commands.executeCommand(a.command, { sessionId });
  });
}

export async function notifyOutcome(store: StoreHost, outcome: RunOutcome, trusted: boolean): Promise<void> {
  const s = await store.open();
  const session = s.getSession(outcome.sessionId);
  const name = `"${truncate(session?.prompt ?? outcome.sessionId, 50)}"`;
  const open: Action = { title: 'Open Session', command: 'microfactory.openSession' };
  switch (outcome.status) {
    case 'completed': {
      const m = session?.metrics;
      const summary = m ? ` — ${m.stepsCompleted} steps, ${m.samples} samples, ${formatCost(m.costUsd)}` : '';
      const note = trusted ? '' : ' Nothing was written: the workspace is not trusted.';
      offer(vscode.window.showInformationMessage, `Microfactory finished ${name}${summary}.${note}`, outcome.sessionId, [open]);
      return;
    }
    case 'paused':
      if (outcome.waitState) await notifyPause(store, outcome.sessionId, outcome.waitState, trusted);
      return;
    case 'cancelled':
      offer(vscode.window.showInformationMessage, `Microfactory cancelled ${name}; it is saved and can be resumed.`, outcome.sessionId, [
        { title: 'Resume', command: 'microfactory.resumeSession' },
        open,
      ]);
      return;
    case 'failed':
      offer(vscode.window.showErrorMessage, `Microfactory failed ${name}: ${outcome.error ?? 'unknown error'}`, outcome.sessionId, [
        { title: 'Show Logs', command: 'microfactory.showLogs' },
        open,
      ]);
      return;
    default:
      return;
  }
}

/** The spend warning (--warn-usd, the warnUsd setting): once per session; the run goes on, so the toast only offers the panel. */
export function notifyBudgetWarning(sessionId: string, spentUsd: number, warnUsd: number): void {
  offer(vscode.window.showWarningMessage, `Microfactory: ${budgetWarningText(sessionId, spentUsd, warnUsd)}.`, sessionId, [{ title: 'Open Session', command: 'microfactory.openSession' }]);
}

/** Buttons a pause toast shows (a toast holds a few), most wanted first, then Open Session; the panel shows them all. */
const TOAST_CHOICES = 3;
const TOAST_ORDER: DecisionChoice[] = ['showDiff', 'approve', 'rejectWithFeedback', 'reject', 'edit', 'skip', 'resume', 'openSettings'];

/**
 * "Paused at step 3 "…": the vote was too close (2–1)." with the choices the pause allows
 * (app/decision.ts: Show Diff / Approve / Reject with Feedback…, or Edit / Skip for a rejected
 * answer that keeps coming back) and Open Session; a provider error names where the calls went
 * and offers Open Settings.
 */
export async function notifyPause(store: StoreHost, sessionId: string, wait: WaitState, trusted: boolean): Promise<void> {
  const s = await store.open();
  const session = s.getSession(sessionId);
  const step = s.getStep(sessionId, wait.stepId);
  const where = step ? `step ${step.index + 1} "${truncate(step.description, 50)}"` : `step ${wait.stepId}`;
  const why = `${describeTrigger(wait.trigger)}${wait.details ? ` — ${truncate(wait.details, 120)}` : ''}`;
  const facts = session && pauseFacts(session, step);
  const offered = facts ? decisionChoices(facts) : ['resume' as const];
  const choices = TOAST_ORDER.filter((c) => offered.includes(c)).slice(0, TOAST_CHOICES);
  const actions: Action[] = [...choices.map((c) => ({ title: choiceLabel(c), command: CHOICE_COMMANDS[c] })), { title: 'Open Session', command: 'microfactory.openSession' }];
  const endpoint = wait.trigger === 'provider_error' && session ? ` Calls went to ${providerEndpoint(session.metadata)}.` : '';
  const note = facts?.hasDiff && !trusted ? ` ${UNTRUSTED_REASON}` : '';
  offer(vscode.window.showWarningMessage, `Microfactory paused at ${where}: ${why}.${endpoint}${note}`, sessionId, actions);
}
