// Resume, Cancel, Open Session, refresh and paging of the Sessions view.
import * as vscode from 'vscode';
import type { RunOverrides } from '../../app/api';
import { CHOICE_COMMANDS } from '../approval/choiceCommands';
import { cancelStopped, choiceLabel, decisionChoices, describeOwner, foreignLiveLease, pauseFacts } from '../backend';
import type { MicrofactoryContext } from '../context';
import { isDecisionTrigger } from '../format';
import type { MoreNode } from '../tree/nodes';
import { resolveSession } from './args';
import { register } from './register';

async function resume(ctx: MicrofactoryContext, arg: unknown) {
  const id = await resolveSession(ctx, arg, (s) => s.status !== 'completed' && !ctx.runs.isRunning(s.id), 'Pick a session to resume');
  if (!id) return undefined;
  const session = (await ctx.store.open()).getSession(id);
  if (!session) throw new Error(`No session ${id} in the store.`);
  if (session.status === 'completed') {
    void vscode.window.showInformationMessage('Microfactory: this session is already completed.');
    return undefined;
  }
  // A step waiting on a human needs a decision, not a plain resume: the choices its pause allows.
  if (session.status === 'paused' && session.waitState && isDecisionTrigger(session.waitState.trigger)) {
    const store = await ctx.store.open();
    const facts = pauseFacts(session, store.getStep(id, session.waitState.stepId));
    const choices = facts ? decisionChoices(facts) : [];
    const pick = await vscode.window.showQuickPick(choices.map((c) => ({ label: choiceLabel(c), choice: c })), { placeHolder: 'This step waits for your decision' });
    return pick ? vscode.commands.executeCommand(CHOICE_COMMANDS[pick.choice], { sessionId: id }) : undefined;
  }
  // Another live process (a terminal, another window) holds its lease: checkResumable refuses
  // without force, so ask. A session whose process died has a stale lease and just resumes.
  let force = false;
  const owner = ctx.runs.isRunning(id) ? undefined : foreignLiveLease(session);
  if (owner) {
    const anyway = 'Resume Anyway';
    const pick = await vscode.window.showWarningMessage(
      `Microfactory: this session is running in another process (${describeOwner(owner)}). Resume only if that process has stopped, or cannot be checked from here.`,
      { modal: true },
      anyway,
    );
    if (pick !== anyway) return undefined;
    force = true;
  }
  // The session keeps the settings it was started with; only explicit overrides change them.
  const overrides = (arg as { overrides?: RunOverrides } | undefined)?.overrides ?? {};
  return ctx.resume(id, overrides, force);
}

/** A run of this window stops; a paused session (from here or a terminal) is marked cancelled in the store. */
async function cancel(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const id = await resolveSession(ctx, arg, (s) => ctx.runs.isRunning(s.id) || s.status === 'paused', 'Pick a running or paused session to cancel');
  if (!id) return false;
  if (ctx.runs.cancel(id)) return true;
  const store = await ctx.store.open();
  if (store.getSession(id)?.status === 'paused') {
    await ctx.decisionEditors.close(id);
    await cancelStopped(store, id);
    // Our own write: no other-process change event will tell the views.
    ctx.tree.refresh();
    void ctx.panels.get(id)?.update();
    void ctx.pauses.refresh();
    return true;
  }
  void vscode.window.showWarningMessage('Microfactory: that session is not running in this window (a CLI run is cancelled with Ctrl+C in its terminal).');
  return false;
}


async function open(ctx: MicrofactoryContext, arg: unknown): Promise<string | undefined> {
  const id = await resolveSession(ctx, arg, () => true, 'Pick a session to open');
  if (id) ctx.panels.open(id);
  return id;
}

export function registerSessionCommands(ctx: MicrofactoryContext): vscode.Disposable[] {
  return [
    register(ctx, 'microfactory.resumeSession', (arg?: unknown) => resume(ctx, arg)),
    register(ctx, 'microfactory.cancelSession', (arg?: unknown) => cancel(ctx, arg)),
    register(ctx, 'microfactory.openSession', (arg?: unknown) => open(ctx, arg)),
    register(ctx, 'microfactory.refreshSessions', () => ctx.tree.refresh()),
    register(ctx, 'microfactory.loadMore', (node: MoreNode) => ctx.tree.loadMore(node)),
  ];
}
