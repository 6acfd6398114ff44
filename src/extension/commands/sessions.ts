// Resume, Cancel, Open Session, refresh and paging of the Sessions view.
import * as vscode from 'vscode';
import type { RunOverrides } from '../../app/api';
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
  // A step waiting on a human needs a decision, not a plain resume.
  if (session.waitState && isDecisionTrigger(session.waitState.trigger)) {
    const pick = await vscode.window.showQuickPick(['Approve', 'Reject', 'Show Diff'], { placeHolder: 'This step waits for your decision' });
    if (pick === 'Approve') return vscode.commands.executeCommand('microfactory.approveCandidate', { sessionId: id });
    if (pick === 'Reject') return vscode.commands.executeCommand('microfactory.rejectCandidate', { sessionId: id });
    if (pick === 'Show Diff') return vscode.commands.executeCommand('microfactory.showDiff', { sessionId: id });
    return undefined;
  }
  // Stored as running, but not by this window: a CLI or another window may be running it, or its
  // process died. Only the user can tell which (checkResumable refuses without force).
  let force = false;
  if (session.status === 'running' && !ctx.runs.isRunning(id)) {
    const anyway = 'Resume Anyway';
    const pick = await vscode.window.showWarningMessage(
      'Microfactory: this session is stored as running. Another process (a terminal, another window) may be running it; resume only if that process has stopped.',
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

async function cancel(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const id = await resolveSession(ctx, arg, (s) => ctx.runs.isRunning(s.id), 'Pick a running session to cancel');
  if (!id) return false;
  if (ctx.runs.cancel(id)) return true;
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
