// The human side of a pause: Show Diff (read-only virtual documents, focus kept), Approve
// (apply as one undoable WorkspaceEdit, then resume with appliedExternally so the engine does
// not write again), Reject (the engine discards the candidate and resamples), and Compare for
// any other candidate of a step. Each takes a session (id, node, {sessionId}) or, from an
// editor's title bar, the candidate document's URI.
import * as vscode from 'vscode';
import type { MicrofactoryContext } from '../context';
import type { Decision, RunOverrides } from '../../app/api';
import type { PausedCandidate } from '../../app/session';
import type { ChangeSet } from '../../engine/model';
import { loadBackend } from '../backend';
import { applyChangeSetAsEdit } from '../approval/applyEdit';
import { resolveCandidateChangeSet, sampleRef } from '../approval/candidates';
import { candidateOf, PAUSED_CANDIDATE } from '../approval/contextKeys';
import { showChangeSetDiff } from '../diff/showDiff';
import { isDecisionTrigger } from '../format';
import type { CandidateNode } from '../tree/nodes';
import { UNTRUSTED_REASON } from '../trust';
import { repoRoot, resolveSession } from './args';
import { register } from './register';

/** A session argument, or the session of the candidate (or edit) document a title-bar button was clicked on. */
export function decisionArg(ctx: MicrofactoryContext, arg: unknown): unknown {
  if (!(arg instanceof vscode.Uri)) return arg;
  const c = candidateOf(arg);
  // Another candidate compared with the file: the decision is about the paused one only.
  if (c && c.candidate !== PAUSED_CANDIDATE) throw new Error('This diff shows another candidate of the step; a decision answers the paused one (Show Diff opens it).');
  return c?.sessionId ?? ctx.edits.sessionOf(arg) ?? ctx.decisionEditors.active;
}

export async function pausedOf(ctx: MicrofactoryContext, arg: unknown, verb: string): Promise<{ id: string; paused: PausedCandidate } | undefined> {
  const id = await resolveSession(ctx, decisionArg(ctx, arg), (s) => s.status === 'paused' && !!s.waitState && isDecisionTrigger(s.waitState.trigger), `Pick a paused session to ${verb}`);
  if (!id) return undefined;
  const store = await ctx.store.open();
  const paused = (await loadBackend()).pausedCandidate(store, id);
  if (!paused) throw new Error('That session is not waiting for a decision.');
  return { id, paused };
}

/** Answers the pause: its candidate and edit tabs close first (the run may take long), then it resumes. */
export async function decide(ctx: MicrofactoryContext, sessionId: string, decision: Decision, overrides: RunOverrides = {}) {
  await ctx.decisionEditors.close(sessionId);
  return ctx.resume(sessionId, { ...overrides, decision });
}

async function showDiff(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const found = await pausedOf(ctx, arg, 'review');
  if (!found?.paused.changeSet?.files.length) {
    if (found) void vscode.window.showInformationMessage('Microfactory: the paused step has no file changes to show.');
    return false;
  }
  const ref = { sessionId: found.id, stepId: found.paused.step.id, candidate: PAUSED_CANDIDATE };
  await showChangeSetDiff(ctx.docs, ref, found.paused.changeSet, 'paused candidate', await repoRoot(ctx, found.id));
  ctx.decisionEditors.update();
  return true;
}

/**
 * Writes `cs` as one WorkspaceEdit (asking before overwriting files changed since it was
 * planned); true when written, false when nothing may be written here (untrusted), undefined
 * when the user declined.
 */
export async function applyInEditor(ctx: MicrofactoryContext, sessionId: string, cs: ChangeSet): Promise<boolean | undefined> {
  if (cs.files.length === 0 || cs.applied) return false;
  const root = await repoRoot(ctx, sessionId);
  if (!ctx.trust.isTrusted) {
    void vscode.window.showWarningMessage(`Microfactory: approved, but nothing is written. ${UNTRUSTED_REASON}`);
    return false;
  }
  if (!root) throw new Error('Open the session\'s folder to apply its changes.');
  let result = await applyChangeSetAsEdit(root, cs);
  if (!result.applied && result.conflicts.length) {
    const pick = await vscode.window.showWarningMessage(
      `Microfactory: ${result.conflicts.join(', ')} changed since the candidate was planned. Apply it anyway?`,
      { modal: true },
      'Apply Anyway',
    );
    if (pick !== 'Apply Anyway') return undefined;
    result = await applyChangeSetAsEdit(root, cs, { force: true });
  }
  if (!result.applied) throw new Error('VS Code refused the edit; nothing was changed.');
  return true;
}

/** Approve, optionally with more: the rest of the decomposition, or step-by-step off from now on. */
export async function approve(ctx: MicrofactoryContext, arg: unknown, more: { approveRest?: boolean; overrides?: RunOverrides } = {}) {
  const found = await pausedOf(ctx, arg, 'approve');
  if (!found) return undefined;
  const cs = found.paused.changeSet;
  const applied = cs ? await applyInEditor(ctx, found.id, cs) : false;
  if (applied === undefined) return undefined;
  return decide(ctx, found.id, { action: 'approve', appliedExternally: applied, ...(more.approveRest ? { approveRest: true } : {}) }, more.overrides);
}

async function reject(ctx: MicrofactoryContext, arg: unknown) {
  const found = await pausedOf(ctx, arg, 'reject');
  if (!found) return undefined;
  return decide(ctx, found.id, { action: 'reject' });
}

/** Diff of any candidate of a step against the file as it is. */
async function compareCandidate(ctx: MicrofactoryContext, node: CandidateNode): Promise<boolean> {
  const ref = sampleRef(node.sessionId, node.step.id, node.sample);
  const cs = await resolveCandidateChangeSet(ctx, ref);
  if (!cs) {
    void vscode.window.showInformationMessage('Microfactory: this candidate does not plan into file changes (its text is in the tooltip).');
    return false;
  }
  await showChangeSetDiff(ctx.docs, ref, cs, `${node.sample.role} #${node.sample.seq}`, await repoRoot(ctx, node.sessionId));
  return true;
}

export function registerApprovalCommands(ctx: MicrofactoryContext): vscode.Disposable[] {
  return [
    register(ctx, 'microfactory.showDiff', (arg?: unknown) => showDiff(ctx, arg)),
    register(ctx, 'microfactory.approveCandidate', (arg?: unknown) => approve(ctx, arg)),
    register(ctx, 'microfactory.rejectCandidate', (arg?: unknown) => reject(ctx, arg)),
    register(ctx, 'microfactory.compareCandidate', (node: CandidateNode) => compareCandidate(ctx, node)),
  ];
}
