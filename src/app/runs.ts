// The runs this process drives, started or resumed through the facade: one registry for every
// front end (the CLI's one run, serve's many, the editor window's). It knows which sessions
// this process runs, refuses a second run of one of them, cancels them, and says when each has
// ended; presentation (progress, HTTP answers, notifications) stays with the front end. Ids
// are reserved before the launch's first await, so two racing resumes cannot both start one;
// across processes, each run holds the session's lease (lease.ts) from launch to end.
import type { AppDeps, Decision, RunHandle, RunOutcome, RunOverrides, RunRequest } from './api';
import { holdNew, take, type HeldLease } from './lease';
import { checkResumable, type ResumeCheck } from './resumable';

export type ResumeOverrides = RunOverrides & { decision?: Decision };

/** startRun/resumeRun of app/session.ts; the extension loads them on first use (backend.ts). */
export interface RunLauncher {
  startRun(req: RunRequest, deps: AppDeps): Promise<RunHandle>;
  resumeRun(sessionId: string, o: ResumeOverrides, deps: AppDeps): Promise<RunHandle>;
}

export interface RunsOptions {
  launcher: () => RunLauncher | Promise<RunLauncher>;
  /** What each run gets: the store (checked for resumability too), keys, log, event listener. */
  deps: () => AppDeps | Promise<AppDeps>;
  /** The front end's words in a refused resume (checkResumable). */
  words?: ResumeCheck['words'];
  /** Most runs at once (each holds a model client, a workspace and LLM concurrency); more throw RunsFull. */
  maxRuns?: number;
  /**
   * Once a run has ended, saved its final state and left the registry. `crash` is set when the
   * run threw instead of ending; the outcome then reports it as failed.
   */
  onFinished?: (outcome: RunOutcome, crash?: unknown) => void;
}

/** A start refused because this process already runs `maxRuns` sessions. */
export class RunsFull extends Error {
  constructor(
    readonly running: number,
    readonly max: number,
  ) {
    super(`already running ${running} sessions (at most ${max}); wait for one to finish`);
    this.name = 'RunsFull';
  }
}

export class Runs {
  private readonly active = new Map<string, RunHandle>();
  /** Resumes between their check and their handle. */
  private readonly starting = new Set<string>();
  /** New sessions between their start and their handle (no id yet). */
  private startingAnon = 0;
  /** Launches in flight, which cancelAll must wait for so that none escapes the cancel. */
  private readonly inflight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly o: RunsOptions) {}

  isRunning(sessionId: string): boolean {
    return this.active.has(sessionId) || this.starting.has(sessionId);
  }

  /** Runs going or being launched. */
  get count(): number {
    return this.active.size + this.starting.size + this.startingAnon;
  }

  /** The sessions this process runs now (launched ones). */
  list(): string[] {
    return [...this.active.keys()];
  }

  /** How a run of this process ends (its handle's `done`); undefined when it runs elsewhere or has ended. */
  outcome(sessionId: string): Promise<RunOutcome> | undefined {
    return this.active.get(sessionId)?.done;
  }

  async start(req: RunRequest): Promise<RunHandle> {
    this.checkCapacity();
    this.startingAnon++;
    try {
      const deps = await this.o.deps();
      const handle = await this.track(this.launch((l) => l.startRun(req, deps)));
      // A new id no other process knows yet: no lock needed to claim it.
      return this.register(handle, holdNew(deps.store, handle.sessionId, deps.log));
    } finally {
      this.startingAnon--;
    }
  }

  /** `force`: resume even though another process's lease of it looks live. */
  async resume(sessionId: string, overrides: ResumeOverrides = {}, force = false): Promise<RunHandle> {
    const deps = await this.o.deps();
    const check = (runningHere: boolean) => checkResumable(deps.store, sessionId, { decision: overrides.decision, force, runningHere, words: this.o.words });
    // Check and reserve with no await between them.
    check(this.isRunning(sessionId));
    this.checkCapacity();
    this.starting.add(sessionId);
    let lease: HeldLease | undefined;
    try {
      // Again under the store's cross-process lock, on the newest file: another process may have
      // taken it since (this process's own reservation is the one just made, hence false).
      lease = await take(deps.store, sessionId, () => check(false), deps.log);
      return this.register(await this.track(this.launch((l) => l.resumeRun(sessionId, overrides, deps))), lease);
    } catch (e) {
      lease?.release();
      throw e;
    } finally {
      this.starting.delete(sessionId);
    }
  }

  /** Asks a run of this process to stop; the engine saves it as cancelled (resumable). False if it runs elsewhere or not at all. */
  cancel(sessionId: string): boolean {
    const h = this.active.get(sessionId);
    h?.cancel();
    return h !== undefined;
  }

  /** Switches step-by-step pauses of a run of this process (auto-approve); false if it runs elsewhere or not at all. */
  setStepByStep(sessionId: string, on: boolean): boolean {
    const h = this.active.get(sessionId);
    h?.setStepByStep(on);
    return h !== undefined;
  }

  /** Cancels every run, and any launched from now on, and waits (bounded) until each has saved itself. */
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

  private async launch(f: (l: RunLauncher) => Promise<RunHandle>): Promise<RunHandle> {
    return f(await this.o.launcher());
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    p.then(() => this.inflight.delete(p), () => this.inflight.delete(p));
    return p;
  }

  private checkCapacity(): void {
    const max = this.o.maxRuns;
    if (max !== undefined && this.count >= max) throw new RunsFull(this.count, max);
  }

  private register(handle: RunHandle, lease: HeldLease): RunHandle {
    const id = handle.sessionId;
    this.active.set(id, handle);
    if (this.closing) handle.cancel(); // launched while shutting down: save it as cancelled at once
    const finish = (outcome: RunOutcome, crash?: unknown) => {
      lease.release();
      this.active.delete(id);
      this.o.onFinished?.(outcome, crash);
    };
    handle.done.then(
      (outcome) => finish(outcome),
      (e: unknown) => finish({ sessionId: id, status: 'failed', waitState: null, error: String(e) }, e ?? new Error('crashed')),
    );
    return handle;
  }
}
