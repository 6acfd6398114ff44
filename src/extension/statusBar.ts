// A status-bar item while runs are going in this window: "Microfactory: step 7/15", with the
// spinner, so a long run stays visible after its progress notification is hidden. A click
// opens the session. Hidden when nothing runs.
import * as vscode from 'vscode';
import type { SessionMetrics } from '../engine/model';
import { DisposableStore } from './disposables';
import { formatProgress } from './format';
import type { RunRegistry } from './runs';

export class RunStatusBar implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item = this.disposables.add(vscode.window.createStatusBarItem('microfactory.runs', vscode.StatusBarAlignment.Left, 50));
  private readonly metrics = new Map<string, SessionMetrics | undefined>();

  constructor(runs: RunRegistry) {
    this.item.name = 'Microfactory runs';
    this.disposables.add(runs.onEvent((e) => {
      if (e.type === 'session_started') this.metrics.set(e.sessionId, undefined);
      else if (e.type === 'metrics' && this.metrics.has(e.sessionId)) this.metrics.set(e.sessionId, e.metrics);
      else return;
      this.render();
    }));
    this.disposables.add(runs.onDidFinish((o) => {
      this.metrics.delete(o.sessionId);
      this.render();
    }));
  }

  private render(): void {
    if (this.metrics.size === 0) {
      this.item.hide();
      return;
    }
    const [id, m] = [...this.metrics.entries()].at(-1)!;
    const more = this.metrics.size > 1 ? ` (+${this.metrics.size - 1})` : '';
    this.item.text = `$(sync~spin) Microfactory: ${m ? formatProgress(m).split(' · ')[0] : 'starting'}${more}`;
    this.item.tooltip = m ? `Microfactory — ${formatProgress(m)}. Click to open the session.` : 'Microfactory — starting';
    this.item.command = { command: 'microfactory.openSession', title: 'Open Session', arguments: [{ sessionId: id }] };
    this.item.show();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
