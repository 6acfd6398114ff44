// The runs this server drives, started or resumed over HTTP through the app's run registry (the
// same one the CLI and the extension use). This file is the HTTP side of it: 202 ids, 400 for
// the user's mistakes, 404, 409, and 429 past --max-runs. Only runs of this server can be
// cancelled here: a run in another process is that process's to stop.
import type { AppDeps, RunRequest } from '../app/api';
import { isUserError } from '../app/errors';
import { ResumeRefused } from '../app/resumable';
import { Runs, RunsFull } from '../app/runs';
import { resumeRun, startRun } from '../app/session';
import type { Logger, SessionStore } from '../engine/ports';
import type { ResumeBody } from './body';
import { HttpError } from './http';

export interface RunManagerDeps {
  store: SessionStore;
  resourceRoot: string;
  log: Logger;
  onEvent: NonNullable<AppDeps['onEvent']>;
  /** Most runs at once; more get 429 (each run holds a model client, a workspace and LLM concurrency). */
  maxRuns: number;
  /** Called once a run has ended and saved its final state. */
  onFinished?: (sessionId: string) => void;
  /** Keys passed in request bodies (with --allow-remote-keys), to redact from now on. */
  onSecret?: (secret: string) => void;
}

export class RunManager {
  private readonly runs: Runs;

  constructor(private readonly deps: RunManagerDeps) {
    const appDeps: AppDeps = { store: deps.store, resourceRoot: deps.resourceRoot, log: deps.log, onEvent: deps.onEvent };
    this.runs = new Runs({
      launcher: () => ({ startRun, resumeRun }),
      deps: () => appDeps,
      words: { here: 'this server', force: 'resume with {"force": true}' },
      maxRuns: deps.maxRuns,
      onFinished: (o, crash) => {
        if (crash === undefined) deps.log.info(`serve: session ${o.sessionId} ${o.status}${o.error ? `: ${o.error}` : ''}`);
        else deps.log.error(`serve: session ${o.sessionId} crashed: ${(crash as Error)?.message ?? String(crash)}`);
        deps.onFinished?.(o.sessionId);
      },
    });
  }

  isRunning(sessionId: string): boolean {
    return this.runs.isRunning(sessionId);
  }

  get count(): number {
    return this.runs.count;
  }

  async start(req: RunRequest): Promise<string> {
    if (req.apiKey) this.deps.onSecret?.(req.apiKey);
    return this.answer(this.runs.start(req));
  }

  /**
   * 202 for a paused or failed session, as the original tool's serve answered, and also for a
   * cancelled one and (with `force`) one stored as running by a process that died; 400 for any
   * other state, 404 for an unknown id (the rule: app/resumable.ts).
   */
  async resume(sessionId: string, body: ResumeBody): Promise<string> {
    if (body.overrides.apiKey) this.deps.onSecret?.(body.overrides.apiKey);
    return this.answer(this.runs.resume(sessionId, body.overrides, body.force));
  }

  /** Asks a run of this server to stop; the engine saves it as cancelled (resumable). */
  cancel(sessionId: string): void {
    if (this.runs.cancel(sessionId)) return;
    if (!this.deps.store.getSession(sessionId)) throw new HttpError(404, `no session ${sessionId}`);
    throw new HttpError(409, `session ${sessionId} is not running in this server (only runs it started or resumed can be cancelled here)`);
  }

  /** Cancels every run and waits (bounded) until each has saved itself as cancelled. */
  cancelAll(timeoutMs: number): Promise<void> {
    return this.runs.cancelAll(timeoutMs);
  }

  private async answer(launch: Promise<{ sessionId: string }>): Promise<string> {
    try {
      return (await launch).sessionId;
    } catch (e) {
      throw asHttpError(e);
    }
  }
}

/** Errors thrown before a run starts are the caller's to fix (unknown domain, bad option): 400. */
function asHttpError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  if (e instanceof RunsFull) {
    return new HttpError(429, `this server already runs ${e.running} sessions (--max-runs ${e.max}); wait for one to finish`, { 'Retry-After': '5' });
  }
  if (e instanceof ResumeRefused && e.reason === 'unknown') return new HttpError(404, e.message);
  if (isUserError(e)) return new HttpError(400, e.message);
  return e;
}
