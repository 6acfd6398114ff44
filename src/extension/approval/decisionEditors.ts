// The editor side of a pending decision: context keys that, with the documents' schemes, show
// Approve / Reject / Edit in the title bar of a paused candidate's diff and "Approve my edit" on
// an edit of one (package.json editor/title menus), and closing those tabs once the decision is made, so no stale candidate
// stays open beside the applied file.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposables';
import type { RunRegistry } from '../runs';
import type { StoreHost } from '../storeHost';
import type { CandidateEdits } from './candidateEdits';
import { candidateOf, editorDecisionKeys } from './contextKeys';

export const KEY_PAUSED_CANDIDATE = 'microfactory.pausedCandidateActive';
export const KEY_EDITING = 'microfactory.editingCandidate';

/** The documents a tab shows: one for a text tab, two for a diff, every pair of a multi-file diff. */
function urisOf(tab: vscode.Tab | undefined): vscode.Uri[] {
  const input = tab?.input;
  if (input instanceof vscode.TabInputText) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  const multi = input as { textDiffs?: { original: vscode.Uri; modified: vscode.Uri }[] } | undefined;
  return multi?.textDiffs?.flatMap((d) => [d.original, d.modified]) ?? [];
}

export class DecisionEditors implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  /** The session the active tab decides on, for commands run from its title bar. */
  active: string | undefined;

  constructor(
    private readonly store: StoreHost,
    private readonly runs: RunRegistry,
    private readonly edits: CandidateEdits,
  ) {
    const update = () => this.update();
    this.disposables.add(vscode.window.tabGroups.onDidChangeTabs(update));
    this.disposables.add(vscode.window.tabGroups.onDidChangeTabGroups(update));
    this.disposables.add(vscode.window.onDidChangeActiveTextEditor(update));
    this.disposables.add(store.onDidChangeExternally(update));
    this.disposables.add(runs.onDidFinish(update));
    this.disposables.add(runs.onEvent((e) => e.type === 'session_started' && update()));
    update();
  }

  private waiting = (sessionId: string, stepId: string): boolean => {
    const s = this.store.peek()?.getSession(sessionId);
    return !!s && s.status === 'paused' && s.waitState?.stepId === stepId && !this.runs.isRunning(sessionId);
  };

  update(): void {
    // Every open tab, not just the active group's: a diff opened beside keeps focus where it
    // was, and its group's title bar must still show the buttons (the menus also match the scheme).
    const active = urisOf(vscode.window.tabGroups.activeTabGroup.activeTab);
    const all = vscode.window.tabGroups.all.flatMap((g) => g.tabs.flatMap(urisOf));
    const keys = editorDecisionKeys([...active, ...all], this.waiting, (u) => this.edits.sessionOf(u as vscode.Uri));
    this.active = keys.editing ?? keys.pausedCandidate;
    void vscode.commands.executeCommand('setContext', KEY_PAUSED_CANDIDATE, keys.pausedCandidate !== undefined);
    void vscode.commands.executeCommand('setContext', KEY_EDITING, keys.editing !== undefined);
  }

  /** Closes every tab showing a candidate or an edit of this session (after its decision). */
  async close(sessionId: string): Promise<void> {
    await this.edits.discard(sessionId);
    const stale = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => urisOf(t).some((u) => candidateOf(u)?.sessionId === sessionId || u.path.startsWith(`/${sessionId}/`) && u.scheme === 'microfactory-edit'));
    if (stale.length) await vscode.window.tabGroups.close(stale, true);
    this.update();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
