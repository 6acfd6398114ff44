// The extension's context object (after rust-analyzer's Ctx): it creates and owns every
// long-lived piece — log channel, key vault, trust, store, run registry, tree, panels, diff
// documents, terminal CLI — and disposes them in reverse order. Commands get it and nothing else.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { RunHandle, RunOutcome, RunOverrides, Decision, RunRequest } from '../app/api';
import { DisposableStore } from './disposables';
import { createLogChannel } from './logger';
import { notifyOutcome } from './notifications';
import { SessionPanels, PANEL_VIEW_TYPE } from './panel/sessionPanels';
import { trackRun } from './progress';
import { RunRegistry } from './runs';
import { RunStatusBar } from './statusBar';
import { ExternalPauseWatcher } from './pauseWatcher';
import { KeyVault } from './secrets';
import { UndoWatcher } from './undoWatcher';
import { ConfigDiagnostics } from './configDiagnostics';
import { StoreHost } from './storeHost';
import { installTerminalCli } from './terminalCli';
import { SessionsTreeProvider } from './tree/sessionsProvider';
import type { Node } from './tree/nodes';
import { Trust, UNTRUSTED_REASON } from './trust';
import { CANDIDATE_SCHEME, CandidateDocuments } from './diff/candidateDocs';
import { resolveCandidateChangeSet } from './approval/candidates';
import { CandidateEdits, EDIT_SCHEME } from './approval/candidateEdits';
import { DecisionEditors } from './approval/decisionEditors';
import { PauseIndicators } from './approval/pauseIndicators';
import { explicitSetting } from './settings';

export class MicrofactoryContext implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  readonly log: vscode.LogOutputChannel;
  readonly vault: KeyVault;
  readonly trust: Trust;
  readonly store: StoreHost;
  readonly runs: RunRegistry;
  readonly tree: SessionsTreeProvider;
  readonly treeView: vscode.TreeView<Node>;
  readonly panels: SessionPanels;
  readonly docs: CandidateDocuments;
  readonly configDiagnostics: ConfigDiagnostics;
  readonly edits: CandidateEdits;
  readonly decisionEditors: DecisionEditors;
  readonly pauses: PauseIndicators;
  readonly launcherPath: string;
  readonly media: vscode.Uri;

  constructor(readonly extension: vscode.ExtensionContext) {
    const d = this.disposables;
    this.log = d.add(createLogChannel());
    this.vault = new KeyVault(extension.secrets);
    this.trust = d.add(new Trust());
    // The CLI's MICROFACTORY_HOME: <globalStorage>/store holds sessions.sqlite3 and its journals.
    this.store = d.add(new StoreHost(path.join(extension.globalStorageUri.fsPath, 'store'), this.log));
    this.runs = d.add(new RunRegistry(this.store, this.vault, this.trust, this.log, extension.extensionPath));
    this.tree = d.add(new SessionsTreeProvider(this.store, this.runs));
    d.add(new RunStatusBar(this.runs, this.store));
    d.add(new ExternalPauseWatcher(this.store, this.runs, this.trust, this.log));
    this.treeView = d.add(vscode.window.createTreeView('microfactory.sessions', { treeDataProvider: this.tree, showCollapseAll: true }));
    this.media = vscode.Uri.joinPath(extension.extensionUri, 'media');
    this.panels = d.add(new SessionPanels({ store: this.store, runs: this.runs, trust: this.trust, media: this.media }));
    d.add(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this.panels));
    this.docs = d.add(new CandidateDocuments((ref) => resolveCandidateChangeSet(this, ref)));
    d.add(vscode.workspace.registerTextDocumentContentProvider(CANDIDATE_SCHEME, this.docs));
    d.add(new UndoWatcher(this.store, (id) => {
      this.tree.refresh();
      void this.panels.get(id)?.update();
    }, this.log));
    this.configDiagnostics = d.add(new ConfigDiagnostics(this.log));
    this.edits = d.add(new CandidateEdits());
    d.add(vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, this.edits, { isCaseSensitive: true }));
    this.decisionEditors = d.add(new DecisionEditors(this.store, this.runs, this.edits));
    this.pauses = d.add(new PauseIndicators(this.store, this.runs, this.treeView));
    this.launcherPath = installTerminalCli(extension, this.store.dir);
    this.showTrust();
    d.add(this.trust.onDidChange(() => this.showTrust()));
  }

  /** Restricted Mode is stated where the user looks: on top of the Sessions view. */
  private showTrust(): void {
    this.treeView.message = this.trust.isTrusted ? undefined : `Restricted Mode: ${UNTRUSTED_REASON}`;
  }

  /** The folder a run targets: the given one, the only one, or the active editor's. */
  workspaceFolder(hint?: string): vscode.WorkspaceFolder | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (hint) return folders.find((f) => f.uri.fsPath === hint || f.name === hint);
    if (folders.length <= 1) return folders[0];
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active && vscode.workspace.getWorkspaceFolder(active)) || folders[0];
  }

  async start(req: RunRequest): Promise<RunOutcome> {
    return this.drive(await this.runs.start(req), req.prompt, req.provider);
  }

  async resume(sessionId: string, overrides: RunOverrides & { decision?: Decision } = {}, force = false): Promise<RunOutcome> {
    const session = (await this.store.open()).getSession(sessionId);
    const provider = overrides.provider ?? session?.metadata.provider;
    // The step-by-step setting, once the user has set it, applies at the next resume (the
    // session otherwise keeps what it was started with); a decision's own choice wins.
    const stepByStep = explicitSetting<boolean>('stepByStep');
    return this.drive(await this.runs.resume(sessionId, { ...(stepByStep !== undefined ? { stepByStep } : {}), ...overrides }, force), session?.prompt ?? sessionId, provider);
  }

  /** Progress notification while it runs, then the outcome notification (not awaited). */
  private async drive(handle: RunHandle, title: string, provider: string | undefined): Promise<RunOutcome> {
    this.tree.refresh();
    const flow = (await this.store.open()).getSession(handle.sessionId)?.flow;
    const outcome = await trackRun(this.runs, handle, title, provider, flow);
    void notifyOutcome(this.store, outcome, this.trust.isTrusted).catch((err: unknown) => this.log.error(`Notification failed: ${String(err)}`));
    // A pause is shown where the user will look, and stays: the panel opens on its decision.
    if (outcome.status === 'paused') this.panels.open(outcome.sessionId, true);
    return outcome;
  }

  async shutdown(): Promise<void> {
    // Cancelled runs are saved as cancelled (resumable) before the store closes.
    await this.runs.cancelAll();
    await this.store.closeAsync();
    this.dispose();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
