// The human side of a pause: Show Diff (read-only virtual documents, focus kept), Approve
// (apply as one undoable WorkspaceEdit, then resume with appliedExternally so the engine does
// not write again), Reject (the engine discards the candidate and resamples), and Compare for
// any other candidate of a step.
import * as vscode from 'vscode';
import type { MicrofactoryContext } from '../context';
import type { PausedCandidate } from '../../app/session';
import { loadBackend } from '../backend';
import { applyChangeSetAsEdit } from '../approval/applyEdit';
import { resolveCandidateChangeSet, sampleRef } from '../approval/candidates';
import { showChangeSetDiff } from '../diff/showDiff';
import { isDecisionTrigger } from '../format';
import type { CandidateNode } from '../tree/nodes';
import { UNTRUSTED_REASON } from '../trust';
import { repoRoot, resolveSession } from './args';
import { register } from './register';

async function pausedOf(ctx: MicrofactoryContext, arg: unknown, verb: string): Promise<{ id: string; paused: PausedCandidate } | undefined> {
  const id = await resolveSession(ctx, arg, (s) => !!s.waitState && isDecisionTrigger(s.waitState.trigger), `Pick a paused session to ${verb}`);
  if (!id) return undefined;
  const store = await ctx.store.open();
  const paused = (await loadBackend()).pausedCandidate(store, id);
  if (!paused) throw new Error('That session is not waiting for a decision.');
  return { id, paused };
}

async function showDiff(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const found = await pausedOf(ctx, arg, 'review');
  if (!found?.paused.changeSet) {
    if (found) void vscode.window.showInformationMessage('Microfactory: the paused step has no file changes to show.');
    return false;
  }
  const ref = { sessionId: found.id, stepId: found.paused.step.id, candidate: 'paused' };
  await showChangeSetDiff(ctx.docs, ref, found.paused.changeSet, 'paused candidate', await repoRoot(ctx, found.id));
  return true;
}

async function approve(ctx: MicrofactoryContext, arg: unknown) {
  const found = await pausedOf(ctx, arg, 'approve');
  if (!found) return undefined;
  const cs = found.paused.changeSet;
  let appliedExternally = false;
  if (cs && cs.files.length > 0 && !cs.applied) {
    const root = await repoRoot(ctx, found.id);
    if (!ctx.trust.isTrusted) {
      void vscode.window.showWarningMessage(`Microfactory: approved, but nothing is written. ${UNTRUSTED_REASON}`);
    } else if (!root) {
      throw new Error('Open the session\'s folder to apply its changes.');
    } else {
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
      appliedExternally = true;
    }
  }
  return ctx.resume(found.id, { decision: { action: 'approve', appliedExternally } });
}

async function reject(ctx: MicrofactoryContext, arg: unknown) {
  const found = await pausedOf(ctx, arg, 'reject');
  if (!found) return undefined;
  return ctx.resume(found.id, { decision: { action: 'reject' } });
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
