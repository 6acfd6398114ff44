// Tidying the Sessions view: delete (after a modal confirmation), archive, unarchive, and the
// view's Show/Hide Archived toggle. The rules (a running session is refused) are the app's
// (app/sessionAdmin.ts), the same as `microfactory delete|archive|unarchive` in a terminal.
import * as vscode from 'vscode';
import { deleteSession, removalText, setArchived } from '../backend';
import type { MicrofactoryContext } from '../context';
import { truncate } from '../format';
import { resolveSession } from './args';
import { register } from './register';

const KEY_SHOW_ARCHIVED = 'microfactory.showArchived';
/** Sessions a person may tidy away: none that runs in this window (a run elsewhere is refused by the app). */
const idleHere = (ctx: MicrofactoryContext) => (s: { id: string; status: string }) => s.status !== 'running' && !ctx.runs.isRunning(s.id);

/** Our own write: no other-process change event will tell the views. */
function refreshViews(ctx: MicrofactoryContext): void {
  ctx.tree.refresh();
  void ctx.pauses.refresh();
}

async function remove(ctx: MicrofactoryContext, arg: unknown): Promise<boolean> {
  const id = await resolveSession(ctx, arg, idleHere(ctx), 'Pick a session to delete');
  if (!id) return false;
  const store = await ctx.store.open();
  const s = store.getSession(id);
  if (!s) throw new Error(`No session ${id} in the store.`);
  const del = 'Delete';
  const pick = await vscode.window.showWarningMessage(
    `Delete the session "${truncate(s.prompt, 60)}"?`,
    { modal: true, detail: 'Its steps, samples, votes and stored change sets are removed for good. Files it changed in your workspace stay as they are. (Archive hides it instead.)' },
    del,
  );
  if (pick !== del) return false;
  await ctx.decisionEditors.close(id);
  const removed = await deleteSession(store, id);
  ctx.panels.get(id)?.dispose();
  refreshViews(ctx);
  void vscode.window.showInformationMessage(`Microfactory: deleted "${truncate(s.prompt, 50)}" (${removalText(removed)}).`);
  return true;
}

async function archive(ctx: MicrofactoryContext, arg: unknown, on: boolean): Promise<boolean> {
  const filter = on ? (s: { id: string; status: string; archived?: boolean }) => !s.archived && idleHere(ctx)(s) : (s: { archived?: boolean }) => s.archived === true;
  const id = await resolveSession(ctx, arg, filter, on ? 'Pick a session to archive' : 'Pick a session to unarchive');
  if (!id) return false;
  await setArchived(await ctx.store.open(), id, on);
  refreshViews(ctx);
  return true;
}

async function showArchived(ctx: MicrofactoryContext, on: boolean): Promise<void> {
  ctx.tree.showArchived = on;
  await vscode.commands.executeCommand('setContext', KEY_SHOW_ARCHIVED, on);
  ctx.tree.refresh();
}

export function registerTidyCommands(ctx: MicrofactoryContext): vscode.Disposable[] {
  void vscode.commands.executeCommand('setContext', KEY_SHOW_ARCHIVED, false);
  return [
    register(ctx, 'microfactory.deleteSession', (arg?: unknown) => remove(ctx, arg)),
    register(ctx, 'microfactory.archiveSession', (arg?: unknown) => archive(ctx, arg, true)),
    register(ctx, 'microfactory.unarchiveSession', (arg?: unknown) => archive(ctx, arg, false)),
    register(ctx, 'microfactory.showArchived', () => showArchived(ctx, true)),
    register(ctx, 'microfactory.hideArchived', () => showArchived(ctx, false)),
  ];
}
