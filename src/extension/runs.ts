// Every run this window drives (started or resumed) goes through the app's run registry
// (app/runs.ts); this wrapper builds its AppDeps (store, SecretStorage keys, log channel, trust),
// fans engine events out to the tree, panels and progress notifications as VS Code events, and
// logs each run to the output channel.
import * as vscode from 'vscode';
import type { AppDeps, Decision, RunHandle, RunOutcome, RunOverrides, RunRequest } from '../app/api';
import type { EngineEvent } from '../engine/events';
import { contextLines, loadBackend, Runs } from './backend';
import { engineLogger } from './logger';
import type { KeyVault } from './secrets';
import type { StoreHost } from './storeHost';
import type { Trust } from './trust';

export class RunRegistry implements vscode.Disposable {
  private readonly runs: Runs;
  private readonly events = new vscode.EventEmitter<EngineEvent>();
  private readonly finished = new vscode.EventEmitter<RunOutcome>();
  /** Every engine event of every run in this window, synchronously. Listeners must be cheap. */
  readonly onEvent = this.events.event;
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly store: StoreHost,
    private readonly vault: KeyVault,
    private readonly trust: Trust,
    private readonly log: vscode.LogOutputChannel,
    private readonly resourceRoot: string,
  ) {
    this.runs = new Runs({
      launcher: loadBackend,
      deps: () => this.deps(),
      words: { here: 'this window', force: 'resume it again and choose Resume Anyway' },
      onFinished: (outcome, crash) => {
        if (crash === undefined) this.log.info(`Session ${outcome.sessionId} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
        else this.log.error(`Session ${outcome.sessionId} crashed: ${crash instanceof Error ? crash.stack ?? crash.message : String(crash)}`);
        this.finished.fire(outcome);
      },
    });
  }

  private async deps(): Promise<AppDeps> {
    return {
      store: await this.store.open(),
      keyLookup: this.vault.lookup,
      log: engineLogger(this.log),
      onEvent: (e) => {
        for (const line of contextLines(e)) this.log.info(`Session ${e.sessionId}: ${line}`);
        this.events.fire(e);
      },
      resourceRoot: this.resourceRoot,
      trusted: this.trust.isTrusted,
    };
  }

  start(req: RunRequest): Promise<RunHandle> {
    this.log.info(`Run Task: domain=${req.domain} provider=${req.provider ?? '(config)'} repo=${req.repoPath ?? '-'} trusted=${this.trust.isTrusted}`);
    return this.runs.start(req);
  }

  /** `force`: override another process's lease that still looks live (the user said so). */
  resume(sessionId: string, overrides: RunOverrides & { decision?: Decision } = {}, force = false): Promise<RunHandle> {
    const what = overrides.decision ? `${overrides.decision.action}${overrides.decision.appliedExternally ? ' (applied in editor)' : ''}` : 'resume';
    this.log.info(`Resume ${sessionId}: ${what}${force ? ' (forced)' : ''}`);
    return this.runs.resume(sessionId, overrides, force);
  }

  isRunning(sessionId: string): boolean {
    return this.runs.isRunning(sessionId);
  }

  /** Aborts in-flight LLM calls; the facade saves the session as cancelled (resumable). */
  cancel(sessionId: string): boolean {
    return this.runs.cancel(sessionId);
  }

  /** Step-by-step on or off for every run of this window, from now on (the auto-approve toggle). */
  setStepByStep(on: boolean): void {
    for (const id of this.runs.list()) this.runs.setStepByStep(id, on);
  }

  /** Cancels every run and waits (bounded) for them to save, so a reload loses nothing. */
  cancelAll(timeoutMs = 3000): Promise<void> {
    return this.runs.cancelAll(timeoutMs);
  }

  dispose(): void {
    for (const id of this.runs.list()) this.runs.cancel(id);
    this.events.dispose();
    this.finished.dispose();
  }
}
