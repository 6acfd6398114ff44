// A status-bar item while runs are going in this window: "Microfactory: step 7/15", with the
// spinner, so a long run stays visible after its progress notification is hidden. A click
// opens the session. Hidden when nothing runs.
import * as vscode from 'vscode';
import { DisposableStore } from './disposables';
import { runStatusLabel, type StatusBarRun } from './format';
import type { RunRegistry } from './runs';
import type { StoreHost } from './storeHost';

export class RunStatusBar implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item = this.disposables.add(vscode.window.createStatusBarItem('microfactory.runs', vscode.StatusBarAlignment.Left, 50));
  private readonly active = new Map<string, StatusBarRun>();

  constructor(runs: RunRegistry, store: StoreHost) {
    this.item.name = 'Microfactory runs';
    this.disposables.add(runs.onEvent((e) => {
      if (e.type === 'session_started') {
        // Read once per run, not per metrics event: the engine saved the session (with this
        // run's overrides in its metadata) before it said it started, and a run has the store open.
        this.active.set(e.sessionId, { provider: store.peek()?.getSession(e.sessionId)?.metadata.provider });
      } else if (e.type === 'metrics' && this.active.has(e.sessionId)) {
        this.active.get(e.sessionId)!.metrics = e.metrics;
      } else return;
      this.render();
    }));
    this.disposables.add(runs.onDidFinish((o) => {
      this.active.delete(o.sessionId);
      this.render();
    }));
  }

  private render(): void {
    if (this.active.size === 0) {
      this.item.hide();
      return;
    }
    const [id, run] = [...this.active.entries()].at(-1)!;
    const { text, tooltip } = runStatusLabel(run, this.active.size - 1);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = { command: 'microfactory.openSession', title: 'Open Session', arguments: [{ sessionId: id }] };
    this.item.show();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
