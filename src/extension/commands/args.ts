// Commands take an optional argument so that menus, notifications, the webview and tests can
// name the session without a prompt: a session id string, `{ sessionId }`, or a tree node.
// With none, the user picks from a quick pick of the sessions that make sense for the command.
import * as vscode from 'vscode';
import type { SessionRecord } from '../../engine/model';
import type { MicrofactoryContext } from '../context';
import { formatAge, truncate } from '../format';

export function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { sessionId?: unknown; session?: { id?: unknown } };
  if (typeof a.sessionId === 'string') return a.sessionId;
  if (typeof a.session?.id === 'string') return a.session.id;
  return undefined;
}

export async function resolveSession(
  ctx: MicrofactoryContext,
  arg: unknown,
  filter: (s: SessionRecord) => boolean,
  placeHolder: string,
): Promise<string | undefined> {
  const id = sessionIdOf(arg);
  if (id) return id;
  const store = await ctx.store.open();
  const sessions = store.listSessions({ limit: 200 }).filter(filter);
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage(`Microfactory: no session to choose from (${placeHolder.toLowerCase()}).`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    sessions.map((s) => ({
      label: truncate(s.prompt, 70),
      description: `${s.status} · ${s.domain} · ${formatAge(s.updatedAt)}`,
      detail: s.waitState ? `waiting: ${s.waitState.trigger} — ${truncate(s.waitState.details, 90)}` : s.id,
      id: s.id,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.id;
}

/** The session's repository (where its change sets live), else the open folder. */
export async function repoRoot(ctx: MicrofactoryContext, sessionId: string): Promise<vscode.Uri | undefined> {
  const repo = (await ctx.store.open()).getSession(sessionId)?.metadata.repoPath;
  return repo ? vscode.Uri.file(repo) : ctx.workspaceFolder()?.uri;
}
