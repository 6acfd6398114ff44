// One webview panel per session: metrics, a votes/margin chart per step, red flags with
// previews, tokens and cost, and the wait state with its actions. Panels follow the session
// live (engine events, other processes' store writes) and come back after a window reload
// through the WebviewPanelSerializer (the webview keeps {sessionId} in its state).
import * as vscode from 'vscode';
import { CHOICE_COMMANDS } from '../approval/choiceCommands';
import { loadBackend } from '../backend';
import { DisposableStore, debounce } from '../disposables';
import type { PauseTrigger } from '../../engine/model';
import { describeTrigger, truncate } from '../format';
import type { RunRegistry } from '../runs';
import type { StoreHost } from '../storeHost';
import { UNTRUSTED_REASON, type Trust } from '../trust';
import { panelHtml } from './html';
import { buildPanelData, type PanelData } from './panelData';

export const PANEL_VIEW_TYPE = 'microfactory.session';

/** What the webview may ask for: each maps to a public command, nothing else gets through. */
// A Map, not an object: the webview names the action, and 'constructor' must not match.
const ACTIONS = new Map<string, string>([
  // The decision card's buttons are the pause's choices (app/decision.ts), one command each.
  ...Object.entries(CHOICE_COMMANDS),
  ['showLogs', 'microfactory.showLogs'],
  ['showVerification', 'microfactory.showVerification'],
  ['restoreBefore', 'microfactory.restoreBeforeStep'],
  ['restoreRerun', 'microfactory.restoreAndRerun'],
]);

interface PanelDeps {
  store: StoreHost;
  runs: RunRegistry;
  trust: Trust;
  media: vscode.Uri;
}

class SessionPanel implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly updateSoon = this.disposables.add(debounce(200, () => void this.update()));
  lastData: PanelData | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sessionId: string,
    private readonly deps: PanelDeps,
    onDispose: () => void,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [deps.media] };
    panel.iconPath = vscode.Uri.joinPath(deps.media, 'microfactory.svg');
    panel.webview.html = panelHtml(panel.webview, deps.media, 'Microfactory session');
    this.disposables.add(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this.disposables.add(deps.runs.onEvent((e) => {
      if (e.sessionId === sessionId && e.type !== 'log') this.updateSoon.trigger();
    }));
    this.disposables.add(deps.runs.onDidFinish((o) => o.sessionId === sessionId && this.updateSoon.trigger()));
    this.disposables.add(deps.store.onDidChangeExternally(() => this.updateSoon.trigger()));
    this.disposables.add(deps.trust.onDidChange(() => this.updateSoon.trigger()));
    this.disposables.add(panel.onDidChangeViewState(() => panel.visible && this.updateSoon.trigger()));
    this.disposables.add(panel.onDidDispose(() => {
      this.disposables.dispose();
      onDispose();
    }));
  }

  private onMessage(m: unknown): void {
    if (typeof m !== 'object' || m === null) return;
    const msg = m as { type?: unknown; action?: unknown; stepId?: unknown };
    if (msg.type === 'ready') void this.update();
    else if (msg.type === 'action' && typeof msg.action === 'string' && ACTIONS.has(msg.action)) {
      // A step action names its step; the session is always this panel's own.
      const stepId = typeof msg.stepId === 'string' ? msg.stepId : undefined;
      void vscode.commands.executeCommand(ACTIONS.get(msg.action)!, { sessionId: this.sessionId, stepId });
    }
  }

  async update(): Promise<void> {
    const store = await this.deps.store.open();
    let pausedFiles: string[] | undefined;
    if (store.getSession(this.sessionId)?.waitState) {
      const paused = (await loadBackend()).pausedCandidate(store, this.sessionId);
      pausedFiles = paused?.changeSet?.files.map((f) => f.path);
    }
    const data = buildPanelData(store, this.sessionId, {
      running: this.deps.runs.isRunning(this.sessionId),
      trusted: this.deps.trust.isTrusted,
      untrustedReason: UNTRUSTED_REASON,
      pausedFiles,
    });
    this.lastData = data;
    this.panel.title = data ? `Microfactory: ${truncate(data.session.prompt, 30)}` : 'Microfactory: session not found';
    // The decision card (media/decision.js), when the session waits and no run of it goes on here.
    const decision = data && !data.running ? (await loadBackend()).decisionView(store, this.sessionId) : undefined;
    const card = decision ? { ...decision, why: describeTrigger(decision.trigger as PauseTrigger) } : null;
    await this.panel.webview.postMessage({ type: 'data', sessionId: this.sessionId, data: data ?? null, decision: card });
  }

  dispose(): void {
    this.panel.dispose();
  }
}

export class SessionPanels implements vscode.WebviewPanelSerializer<{ sessionId?: string }>, vscode.Disposable {
  private readonly panels = new Map<string, SessionPanel>();

  constructor(private readonly deps: PanelDeps) {}

  open(sessionId: string, preserveFocus = false): SessionPanel {
    const existing = this.panels.get(sessionId);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      void existing.update();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Microfactory session',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      { enableScripts: true, localResourceRoots: [this.deps.media], retainContextWhenHidden: false },
    );
    return this.attach(panel, sessionId);
  }

  get(sessionId: string): SessionPanel | undefined {
    return this.panels.get(sessionId);
  }

  /** Called by VS Code after a reload for each panel that was open. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: { sessionId?: string } | undefined): Promise<void> {
    if (!state?.sessionId) {
      panel.dispose();
      return;
    }
    this.attach(panel, state.sessionId);
  }

  private attach(panel: vscode.WebviewPanel, sessionId: string): SessionPanel {
    const p = new SessionPanel(panel, sessionId, this.deps, () => this.panels.delete(sessionId));
    this.panels.set(sessionId, p);
    return p;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
