// The decisions beyond approve/reject: open the decision (status bar, badge), edit the candidate
// and "Approve my edit", reject with feedback, skip the step, continue without pausing, approve
// the rest of the decomposition, the auto-approve toggle, and Open Settings for a provider pause.
import * as vscode from 'vscode';
import type { MicrofactoryContext } from '../context';
import type { ChangeSet } from '../../engine/model';
import { sampleRef, resolveCandidateChangeSet } from '../approval/candidates';
import { PAUSED_CANDIDATE } from '../approval/contextKeys';
import { SECTION } from '../settings';
import { applyInEditor, approve, decide, decisionArg, pausedOf } from './approval';
import { resolveSession } from './args';
import { register } from './register';

export const KEY_AUTO_APPROVE = 'microfactory.autoApprove';

/** Opens the session panel on the decision: the one paused session, or the one picked. */
async function openDecision(ctx: MicrofactoryContext, arg: unknown): Promise<string | undefined> {
  const id = await resolveSession(ctx, decisionArg(ctx, arg), (s) => s.status === 'paused', 'Pick a paused session');
  if (id) ctx.panels.open(id);
  return id;
}

/**
 * The files to edit: the paused candidate's, else (its answer was rejected and keeps coming
 * back, so the step has none planned) the last rejected copy's, planned on demand.
 */
async function editableChangeSet(ctx: MicrofactoryContext, found: NonNullable<Awaited<ReturnType<typeof pausedOf>>>): Promise<ChangeSet | undefined> {
  if (found.paused.changeSet?.files.length) return found.paused.changeSet;
  const rejected = [...found.paused.candidates].reverse().find((s) => s.role === 'solver' && s.flags.some((f) => f.flagger === 'rejected'));
  return rejected ? resolveCandidateChangeSet(ctx, sampleRef(found.id, found.paused.step.id, rejected)) : undefined;
}

async function edit(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const found = await pausedOf(ctx, arg, 'edit');
  if (!found) return false;
  const cs = await editableChangeSet(ctx, found);
  if (!cs?.files.length) {
    void vscode.window.showInformationMessage('Microfactory: this step has no file changes to edit.');
    return false;
  }
  await ctx.edits.open(ctx.docs, { sessionId: found.id, stepId: found.paused.step.id, candidate: PAUSED_CANDIDATE }, cs);
  ctx.decisionEditors.update();
  void vscode.window.showInformationMessage('Microfactory: edit the candidate, then "Approve My Edit" in the editor\'s title bar.');
  return true;
}

/** Applies the edited files as one undoable WorkspaceEdit, records them as the human-edited winner, and resumes. */
async function approveEdit(ctx: MicrofactoryContext, arg: unknown) {
  const found = await pausedOf(ctx, arg, 'approve your edit of');
  if (!found) return undefined;
  const edited = await ctx.edits.edited(found.id);
  if (!edited) throw new Error('No edit of this candidate is open: use Edit first.');
  const applied = await applyInEditor(ctx, found.id, edited.changeSet);
  if (applied === undefined) return undefined;
  return decide(ctx, found.id, { action: 'approve', appliedExternally: applied, edit: { changeSet: edited.changeSet } });
}

async function rejectWithFeedback(ctx: MicrofactoryContext, arg: unknown, given?: string) {
  const found = await pausedOf(ctx, arg, 'reject');
  if (!found) return undefined;
  const feedback =
    given ??
    (await vscode.window.showInputBox({
      title: 'Reject with feedback',
      prompt: 'Why is this answer wrong? The solver\'s next prompt gets your words.',
      placeHolder: 'e.g. keep the function signature; only change the greeting',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Say what to change (or use Reject)'),
    }));
  if (!feedback?.trim()) return undefined;
  return decide(ctx, found.id, { action: 'reject', feedback });
}

async function skip(ctx: MicrofactoryContext, arg: unknown) {
  const found = await pausedOf(ctx, arg, 'skip');
  if (!found) return undefined;
  return decide(ctx, found.id, { action: 'skip' });
}

/** Auto-approve is step-by-step turned off: the setting for later runs and resumes, and every run of this window at once. */
async function setAutoApprove(ctx: MicrofactoryContext, on: boolean): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const i = cfg.inspect<boolean>('stepByStep');
  const target = i?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await cfg.update('stepByStep', !on, target);
  ctx.runs.setStepByStep(!on);
  syncAutoApproveKey();
}

export function syncAutoApproveKey(): void {
  const on = vscode.workspace.getConfiguration(SECTION).get<boolean>('stepByStep') !== true;
  void vscode.commands.executeCommand('setContext', KEY_AUTO_APPROVE, on);
}

export function registerDecisionCommands(ctx: MicrofactoryContext): vscode.Disposable[] {
  syncAutoApproveKey();
  return [
    register(ctx, 'microfactory.decide', (arg?: unknown) => openDecision(ctx, arg)),
    register(ctx, 'microfactory.editCandidate', (arg?: unknown) => edit(ctx, arg)),
    register(ctx, 'microfactory.approveEdit', (arg?: unknown) => approveEdit(ctx, arg)),
    register(ctx, 'microfactory.rejectWithFeedback', (arg?: unknown, feedback?: string) => rejectWithFeedback(ctx, arg, feedback)),
    register(ctx, 'microfactory.skipStep', (arg?: unknown) => skip(ctx, arg)),
    register(ctx, 'microfactory.continueWithoutPausing', (arg?: unknown) => approve(ctx, arg, { overrides: { stepByStep: false } })),
    register(ctx, 'microfactory.approveRest', (arg?: unknown) => approve(ctx, arg, { approveRest: true })),
    register(ctx, 'microfactory.autoApproveOn', () => setAutoApprove(ctx, true)),
    register(ctx, 'microfactory.autoApproveOff', () => setAutoApprove(ctx, false)),
    // All of the extension's settings, Provider, Model and Base URL first: a search for "provider"
    // showed the Provider setting alone, not the URL the pause names.
    register(ctx, 'microfactory.openProviderSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:microfactory.microfactory')),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SECTION}.stepByStep`) && syncAutoApproveKey()),
  ];
}
