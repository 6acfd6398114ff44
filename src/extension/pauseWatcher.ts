// Sessions run by the CLI in a terminal pause too (step-by-step, close votes…), and their user
// is in the editor: when another process's write shows a session that newly waits for a human,
// raise the same notification (Show Diff / Approve / Reject / Open Session) as for our own runs.
import * as vscode from 'vscode';
import type { SessionRecord } from '../engine/model';
import { DisposableStore } from './disposables';
import { isDecisionTrigger } from './format';
import { notifyPause } from './notifications';
import type { RunRegistry } from './runs';
import type { StoreHost } from './storeHost';
import type { Trust } from './trust';

const RECENT = 20;

function waitKey(s: SessionRecord): string | undefined {
  return s.status === 'paused' && s.waitState ? `${s.id}@${s.waitState.at}` : undefined;
}

export class ExternalPauseWatcher implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  /** Waits already known: those present when the store opened are old news, not alerts. */
  private seen: Set<string> | undefined;

  constructor(
    private readonly store: StoreHost,
    private readonly runs: RunRegistry,
    private readonly trust: Trust,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.add(store.onDidOpen((s) => {
      this.seen = new Set(s.listSessions({ limit: RECENT }).map(waitKey).filter((k): k is string => k !== undefined));
    }));
    this.disposables.add(store.onDidChangeExternally(() => void this.check()));
    // Our own runs' pauses were announced when they ended: never again as "external".
    this.disposables.add(runs.onDidFinish((o) => {
      if (o.waitState) (this.seen ??= new Set()).add(`${o.sessionId}@${o.waitState.at}`);
    }));
  }

  private async check(): Promise<void> {
    const store = await this.store.open();
    const seen = (this.seen ??= new Set());
    for (const s of store.listSessions({ limit: RECENT })) {
      const key = waitKey(s);
      if (!key || seen.has(key) || this.runs.isRunning(s.id)) continue;
      seen.add(key);
      if (!s.waitState || !isDecisionTrigger(s.waitState.trigger)) continue;
      this.log.info(`Session ${s.id} (another process) waits for a decision: ${s.waitState.trigger}`);
      void notifyPause(this.store, s.id, s.waitState, this.trust.isTrusted).catch((err: unknown) => this.log.error(`Notification failed: ${String(err)}`));
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
