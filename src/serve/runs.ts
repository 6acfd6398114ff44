// The runs this server drives, started or resumed over HTTP through the app facade (the same
// startRun/resumeRun the CLI and the extension use). Only these can be cancelled here: a run in
// another process is that process's to stop. Ids are reserved before the first await, so two
// racing resume requests for one session cannot both start it.
import type { AppDeps, RunHandle, RunRequest } from '../app/api';
import { isUserError } from '../app/errors';
import { checkResumable, ResumeRefused } from '../app/resumable';
import { resumeRun, startRun } from '../app/session';
import type { Logger, SessionStore } from '../engine/ports';
import type { ResumeBody } from './body';
import { HttpError } from './http';

const SERVE_WORDS = { here: 'this server', force: 'resume with {"force": true}' };

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
  private readonly active = new Map<string, RunHandle>();
  private readonly starting = new Set<string>();
  private startingAnon = 0;
  /** Starts still inside startRun/resumeRun, which shutdown must wait for so none escapes the cancel. */
  private readonly inflight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly deps: RunManagerDeps) {}

  isRunning(sessionId: string): boolean {
    return this.active.has(sessionId) || this.starting.has(sessionId);
  }

  get count(): number {
    return this.active.size + this.starting.size + this.startingAnon;
  }

  async start(req: RunRequest): Promise<string> {
    this.checkCapacity();
    if (req.apiKey) this.deps.onSecret?.(req.apiKey);
    this.startingAnon++;
    try {
      return this.register(await this.track(startRun(req, this.appDeps())));
    } catch (e) {
      throw asHttpError(e);
    } finally {
      this.startingAnon--;
    }
  }

  /**
   * 202 for a paused or failed session, as the original tool's serve answered, and also for a
   * cancelled one and (with `force`) one stored as running by a process that died; 400 for any
   * other state, 404 for an unknown id.
   */
  async resume(sessionId: string, body: ResumeBody): Promise<string> {
    try {
      checkResumable(this.deps.store, sessionId, { decision: body.overrides.decision, force: body.force, runningHere: this.isRunning(sessionId), words: SERVE_WORDS });
    } catch (e) {
      throw asHttpError(e);
    }
    this.checkCapacity();
    if (body.overrides.apiKey) this.deps.onSecret?.(body.overrides.apiKey);
    this.starting.add(sessionId);
    try {
      return this.register(await this.track(resumeRun(sessionId, body.overrides, this.appDeps())));
    } catch (e) {
      throw asHttpError(e);
    } finally {
      this.starting.delete(sessionId);
    }
  }

  /** Asks a run of this server to stop; the engine saves it as cancelled (resumable). */
  cancel(sessionId: string): void {
    const h = this.active.get(sessionId);
    if (!h) {
      if (!this.deps.store.getSession(sessionId)) throw new HttpError(404, `no session ${sessionId}`);
      throw new HttpError(409, `session ${sessionId} is not running in this server (only runs it started or resumed can be cancelled here)`);
    }
    h.cancel();
  }

  /** Cancels every run and waits (bounded) until each has saved itself as cancelled. */
  async cancelAll(timeoutMs: number): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inflight]), timeout]);
    const pending = [...this.active.values()].map((h) => {
      h.cancel();
      return h.done.catch(() => undefined);
    });
    await Promise.race([Promise.all(pending), timeout]);
    clearTimeout(timer);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    p.then(() => this.inflight.delete(p), () => this.inflight.delete(p));
    return p;
  }

  private appDeps(): AppDeps {
    return { store: this.deps.store, resourceRoot: this.deps.resourceRoot, log: this.deps.log, onEvent: this.deps.onEvent };
  }

  private checkCapacity(): void {
    if (this.count >= this.deps.maxRuns) {
      throw new HttpError(429, `this server already runs ${this.count} sessions (--max-runs ${this.deps.maxRuns}); wait for one to finish`, { 'Retry-After': '5' });
    }
  }

  private register(handle: RunHandle): string {
    const id = handle.sessionId;
    this.active.set(id, handle);
    if (this.closing) handle.cancel(); // started while the server was stopping: save it as cancelled at once
    handle.done.then(
      (o) => this.deps.log.info(`serve: session ${id} ${o.status}${o.error ? `: ${o.error}` : ''}`),
      (e: unknown) => this.deps.log.error(`serve: session ${id} crashed: ${(e as Error)?.message ?? String(e)}`),
    ).finally(() => {
      this.active.delete(id);
      this.deps.onFinished?.(id);
    });
    return id;
  }
}

/** Errors the facade throws before a run starts are the caller's to fix (unknown domain, bad option): 400. */
function asHttpError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  if (e instanceof ResumeRefused && e.reason === 'unknown') return new HttpError(404, e.message);
  if (isUserError(e)) return new HttpError(400, e.message);
  return e;
}
