// Every run this window drives (started or resumed) goes through the registry: it builds the
// facade's AppDeps (store, SecretStorage keys, log channel, trust), fans engine events out to
// the tree, panels and progress notifications, and can cancel a run by session id.
import * as vscode from 'vscode';
import type { AppDeps, Decision, RunHandle, RunOutcome, RunOverrides, RunRequest } from '../app/api';
import type { EngineEvent } from '../engine/events';
import { checkResumable } from '../app/resumable';
import { loadBackend } from './backend';
import { engineLogger } from './logger';
import type { KeyVault } from './secrets';
import type { StoreHost } from './storeHost';
import type { Trust } from './trust';

const WINDOW_WORDS = { here: 'this window', force: 'resume it again and choose Resume Anyway' };

export class RunRegistry implements vscode.Disposable {
  private readonly active = new Map<string, RunHandle>();
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
  ) {}

  private async deps(): Promise<AppDeps> {
    return {
      store: await this.store.open(),
      keyLookup: this.vault.lookup,
      log: engineLogger(this.log),
      onEvent: (e) => this.events.fire(e),
      resourceRoot: this.resourceRoot,
      trusted: this.trust.isTrusted,
    };
  }

  async start(req: RunRequest): Promise<RunHandle> {
    const backend = await loadBackend();
    this.log.info(`Run Task: domain=${req.domain} provider=${req.provider ?? '(config)'} repo=${req.repoPath ?? '-'} trusted=${this.trust.isTrusted}`);
    return this.register(await backend.startRun(req, await this.deps()));
  }

  /** `force`: the session is stored as running, but its process died (the user said so). */
  async resume(sessionId: string, overrides: RunOverrides & { decision?: Decision } = {}, force = false): Promise<RunHandle> {
    const runningHere = this.active.has(sessionId);
    checkResumable(await this.store.open(), sessionId, { decision: overrides.decision, force, runningHere, words: WINDOW_WORDS });
    const backend = await loadBackend();
    const what = overrides.decision ? `${overrides.decision.action}${overrides.decision.appliedExternally ? ' (applied in editor)' : ''}` : 'resume';
    this.log.info(`Resume ${sessionId}: ${what}`);
    return this.register(await backend.resumeRun(sessionId, overrides, await this.deps()));
  }

  private register(handle: RunHandle): RunHandle {
    this.active.set(handle.sessionId, handle);
    handle.done.then(
      (outcome) => {
        this.active.delete(handle.sessionId);
        this.log.info(`Session ${outcome.sessionId} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
        this.finished.fire(outcome);
      },
      (err: unknown) => {
        this.active.delete(handle.sessionId);
        this.log.error(`Session ${handle.sessionId} crashed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        this.finished.fire({ sessionId: handle.sessionId, status: 'failed', waitState: null, error: String(err) });
      },
    );
    return handle;
  }

  isRunning(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  /** Aborts in-flight LLM calls; the facade saves the session as cancelled (resumable). */
  cancel(sessionId: string): boolean {
    const h = this.active.get(sessionId);
    h?.cancel();
    return h !== undefined;
  }

  /** Cancels every run and waits (bounded) for them to save, so a reload loses nothing. */
  async cancelAll(timeoutMs = 3000): Promise<void> {
    const pending = [...this.active.values()].map((h) => {
      h.cancel();
      return h.done.catch(() => undefined);
    });
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  dispose(): void {
    for (const h of this.active.values()) h.cancel();
    this.events.dispose();
    this.finished.dispose();
  }
}
