// Checkpoints and verification, per step: "Restore the Workspace to Before Step N" (every later
// applied change taken back as ONE WorkspaceEdit, so a single Undo redoes them), "Restore and
// Re-run from Step N", and the verifier's full output for a step. The plan is pure
// (app/restorePlan.ts); this file asks, applies and records.
import * as vscode from 'vscode';
import type { SessionRecord, StepRecord } from '../../engine/model';
import { applyChangeSetAsEdit } from '../approval/applyEdit';
import { describeOwner, foreignLiveLease, hasLiveChange, markUndone, releaseWaits, reopenForRerun, restorePlan, stepNumber } from '../backend';
import type { MicrofactoryContext } from '../context';
import { truncate } from '../format';
import { UNTRUSTED_REASON } from '../trust';
import { repoRoot, resolveSession } from './args';
import { register } from './register';

/** `{ sessionId, stepId }` from the panel, or a step node of the tree (`{ sessionId, step }`). */
interface StepArg { sessionId?: string; stepId?: string; step?: { id?: string } }

/** Steps a restore reads: a tree session's are few; a chain has no change sets to restore. */
const MAX_STEPS = 5000;

async function stepOf(ctx: MicrofactoryContext, arg: unknown, filter: (st: StepRecord) => boolean, verb: string): Promise<{ session: SessionRecord; steps: StepRecord[]; step: StepRecord } | undefined> {
  const sessionId = await resolveSession(ctx, arg, (s) => s.flow === 'tree' && !ctx.runs.isRunning(s.id), `Pick a session to ${verb}`);
  if (!sessionId) return undefined;
  const store = await ctx.store.open();
  const session = store.getSession(sessionId);
  if (!session) throw new Error(`No session ${sessionId} in the store.`);
  const steps = store.getSteps(sessionId, { limit: MAX_STEPS });
  const a = arg as StepArg | undefined;
  let stepId = a?.stepId ?? a?.step?.id;
  if (!stepId) {
    const items = steps.filter(filter).map((st) => ({
      label: `${stepNumber(st, session.flow)} ${truncate(st.description, 70)}`,
      description: st.changeSet?.files.map((f) => f.path).join(', '),
      id: st.id,
    }));
    if (!items.length) {
      void vscode.window.showInformationMessage('Microfactory: no step of this session has a change in the workspace.');
      return undefined;
    }
    stepId = (await vscode.window.showQuickPick(items, { placeHolder: `Which step? (${verb})` }))?.id;
    if (!stepId) return undefined;
  }
  const step = steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`No step ${stepId} in session ${sessionId}.`);
  return { session, steps, step };
}

/** Restores the files; returns the steps whose changes were taken back, or undefined when nothing was done. */
async function restore(ctx: MicrofactoryContext, arg: unknown, verb: string): Promise<{ session: SessionRecord; steps: StepRecord[]; from: number; undone: string[]; name: string } | undefined> {
  const found = await stepOf(ctx, arg, hasLiveChange, verb);
  if (!found) return undefined;
  const { session, steps, step } = found;
  if (ctx.runs.isRunning(session.id)) throw new Error('Cancel the run first: a running session cannot be restored.');
  const owner = foreignLiveLease(session);
  if (owner) throw new Error(`Nothing was restored: the session is running in another process (${describeOwner(owner)}).`);
  if (!ctx.trust.isTrusted) throw new Error(`Nothing was restored. ${UNTRUSTED_REASON}`);
  const plan = restorePlan(steps, step.id);
  if (!plan.ok) throw new Error(`Nothing was restored: ${plan.reason}.`);
  const root = await repoRoot(ctx, session.id);
  if (!root) throw new Error('Open the session\'s folder to restore its files.');
  const result = await applyChangeSetAsEdit(root, plan.changeSet);
  if (!result.applied) {
    // The rule of rollback and approval: a file in neither state was edited by someone since.
    const why = result.conflicts.length ? `${result.conflicts.join(', ')} changed since the session wrote ${result.conflicts.length === 1 ? 'it' : 'them'}` : 'VS Code refused the edit';
    throw new Error(`Nothing was restored: ${why}.`);
  }
  const store = await ctx.store.open();
  for (const st of steps.filter((s) => plan.stepIds.includes(s.id))) {
    markUndone(st);
    store.putStep(session.id, st);
  }
  // A paused session is decided by the restore: it stops waiting (a later Resume runs on, and
  // solves the step it waited on again rather than applying a candidate nobody approved).
  if (session.status === 'paused') {
    for (const st of releaseWaits(steps)) store.putStep(session.id, st);
    store.updateSession(session.id, { status: 'cancelled', waitState: null });
  }
  await store.flush();
  ctx.tree.refresh();
  void ctx.panels.get(session.id)?.update();
  ctx.log.info(`Session ${session.id}: restored the workspace to before step ${step.id} (${plan.stepIds.length} step(s) undone: ${plan.changeSet.files.map((f) => f.path).join(', ')})`);
  return { session, steps, from: steps.indexOf(step), undone: plan.stepIds, name: stepNumber(step, session.flow) };
}

async function restoreBefore(ctx: MicrofactoryContext, arg: unknown): Promise<string[] | undefined> {
  const done = await restore(ctx, arg, 'restore the workspace to before it');
  if (!done) return undefined;
  const n = done.undone.length;
  void vscode.window.showInformationMessage(`Microfactory: restored the workspace to before step ${done.name}; ${n} step${n === 1 ? '' : 's'} marked undone. Undo (Ctrl+Z) puts the changes back.`);
  return done.undone;
}

async function restoreAndRerun(ctx: MicrofactoryContext, arg: unknown) {
  const done = await restore(ctx, arg, 'restore and re-run from it');
  if (!done) return undefined;
  const store = await ctx.store.open();
  // The restored steps are solved again (a step a pause waited on already is: releaseWaits);
  // finished ancestors reopen with them.
  for (const st of done.steps.slice(done.from).filter((s) => done.undone.includes(s.id))) {
    reopenForRerun(st);
    store.putStep(done.session.id, st);
  }
  if (store.getSession(done.session.id)?.status === 'completed') store.updateSession(done.session.id, { status: 'cancelled' });
  return ctx.resume(done.session.id);
}

/** The verifier's whole output for a step, in a read-only-in-spirit untitled document. */
async function showVerification(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const found = await stepOf(ctx, arg, (st) => st.metrics.verification !== undefined, 'see its verifier output');
  const v = found?.step.metrics.verification;
  if (!v) {
    if (found) void vscode.window.showInformationMessage('Microfactory: no verifier ran on this step.');
    return false;
  }
  const header = `$ ${v.command}\n# exit code ${v.exitCode ?? 'none'} · ${v.passed ? 'passed' : 'failed'} · ${(v.durationMs / 1000).toFixed(1)} s · attempt ${v.attempt}\n\n`;
  const doc = await vscode.workspace.openTextDocument({ content: header + v.output, language: 'log' });
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  return true;
}

export function registerCheckpointCommands(ctx: MicrofactoryContext): vscode.Disposable[] {
  return [
    register(ctx, 'microfactory.restoreBeforeStep', (arg?: unknown) => restoreBefore(ctx, arg)),
    register(ctx, 'microfactory.restoreAndRerun', (arg?: unknown) => restoreAndRerun(ctx, arg)),
    register(ctx, 'microfactory.showVerification', (arg?: unknown) => showVerification(ctx, arg)),
  ];
}
