// Paused sessions stay in sight until someone answers them (a toast can vanish): a status-bar
// item "Microfactory: 1 paused" whose click opens the decision, and a badge on the Sessions
// view. Both follow this window's runs and other processes' writes to the store.
import * as vscode from 'vscode';
import type { SessionRecord } from '../../engine/model';
import { DisposableStore, debounce } from '../disposables';
import type { RunRegistry } from '../runs';
import type { StoreHost } from '../storeHost';
import { pausedLabel, pausedTooltip, waitingSessions } from './contextKeys';

const RECENT = 50;

export class PauseIndicators implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item = this.disposables.add(vscode.window.createStatusBarItem('microfactory.paused', vscode.StatusBarAlignment.Left, 49));
  private readonly refreshSoon = this.disposables.add(debounce(150, () => void this.refresh()));
  waiting: SessionRecord[] = [];

  constructor(
    private readonly store: StoreHost,
    private readonly runs: RunRegistry,
    private readonly view: vscode.TreeView<unknown>,
  ) {
    this.item.name = 'Microfactory paused sessions';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    const soon = () => this.refreshSoon.trigger();
    this.disposables.add(store.onDidOpen(soon));
    this.disposables.add(store.onDidChangeExternally(soon));
    this.disposables.add(runs.onDidFinish(soon));
    this.disposables.add(runs.onEvent((e) => (e.type === 'session_started' || e.type === 'paused') && soon()));
    // The store opens lazily; once it is (the tree opens it), paused sessions from before show.
    if (store.peek()) soon();
  }

  async refresh(): Promise<void> {
    const s = await this.store.open();
    this.waiting = waitingSessions(s.listSessions({ limit: RECENT }), (id) => this.runs.isRunning(id));
    const n = this.waiting.length;
    const label = pausedLabel(n);
    this.view.badge = n ? { value: n, tooltip: `${n} Microfactory session${n === 1 ? '' : 's'} waiting for you` } : undefined;
    void vscode.commands.executeCommand('setContext', 'microfactory.pausedCount', n);
    if (!label) {
      this.item.hide();
      return;
    }
    this.item.text = label;
    this.item.tooltip = pausedTooltip(this.waiting);
    this.item.accessibilityInformation = { label: `${label.replace(/^\$\([^)]*\)\s*/, '')}: ${this.item.tooltip}` };
    this.item.command = { command: 'microfactory.decide', title: 'Open the Decision', arguments: n === 1 ? [{ sessionId: this.waiting[0].id }] : [] };
    this.item.show();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
