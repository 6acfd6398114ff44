// One live owner per session: the lease. A run writes {pid, host, token, heartbeat} into the
// session when it starts or resumes, refreshes the heartbeat on a timer while it runs, and clears
// it when it ends. Another process reads it to tell a live owner (refuse a second run) from a
// dead one (a SIGKILLed run: take over without --force). Every front end goes through here via
// runs.ts and resumable.ts, so the CLI, serve and the editor obey the same lease.
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { SessionLease, SessionRecord } from '../engine/model';
import type { Logger, SessionStore } from '../engine/ports';

/**
 * Heartbeat period. A heartbeat is one journaled row update on a timer, never per step, so a
 * million-step chain pays nothing for it; other processes see it at the store's next checkpoint
 * (every 5 s by default), so a live owner's heartbeat on disk is at most ~10 s old.
 */
export const HEARTBEAT_MS = 5_000;
/**
 * A heartbeat older than this is stale: six periods, so a busy machine (a checkpoint waiting on
 * the lock, a GC pause, a slow disk) never makes a live owner look dead. It matters only for an
 * owner on another host; on this host a dead pid makes the lease stale at once.
 */
export const STALE_MS = 30_000;

/**
 * Whether a process with this pid exists on this host. The lease's own probe, not the store's
 * (store/disk/paths.ts has one for journal writers): this file is in the editor's activation
 * bundle (through app/runs.ts), and anything imported through the store's door pulls sql.js into
 * it (test/unit/extension/activationBundle.test.ts). EPERM: it exists, owned by another user.
 */
function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's token: a lease carrying it was written by this process. */
export const PROCESS_TOKEN = randomUUID();

export function newLease(now = Date.now()): SessionLease {
  return { pid: process.pid, host: os.hostname(), token: PROCESS_TOKEN, heartbeatAt: new Date(now).toISOString() };
}

/** Written by this process (a leftover of one of its runs, never another process's). */
export function isOurs(lease: SessionLease): boolean {
  return lease.token === PROCESS_TOKEN;
}

/**
 * Live: a fresh heartbeat AND (another host, whose pids we cannot check, or this host and the pid
 * still exists). Otherwise stale, and anyone may take the session over.
 */
export function leaseLive(lease: SessionLease, now = Date.now()): boolean {
  const at = Date.parse(lease.heartbeatAt);
  if (!Number.isFinite(at) || now - at > STALE_MS) return false;
  return lease.host !== os.hostname() || processExists(lease.pid);
}

/** A lease that stops a resume here: live, and not a leftover of this process. */
export function foreignLiveLease(s: SessionRecord, now = Date.now()): SessionLease | undefined {
  return s.lease && !isOurs(s.lease) && leaseLive(s.lease, now) ? s.lease : undefined;
}

export function describeOwner(lease: SessionLease): string {
  return `pid ${lease.pid} on ${lease.host}`;
}

/** What a reader should call the session: its stored status, told apart from a dead owner's. */
export type DisplayState = SessionRecord['status'] | 'interrupted';

/** `interrupted`: stored as running, but no live process holds it (killed, crashed, older version). */
export function displayState(s: SessionRecord, now = Date.now()): DisplayState {
  return s.status === 'running' && !(s.lease && leaseLive(s.lease, now)) ? 'interrupted' : s.status;
}

/** The status column of `status`: "running (pid N)", "interrupted", or the stored status. */
export function statusText(s: SessionRecord, now = Date.now()): string {
  const state = displayState(s, now);
  return state === 'running' && s.lease ? `running (pid ${s.lease.pid})` : state;
}

/**
 * A lease held by this process: refreshed every HEARTBEAT_MS (a timer that never keeps the
 * process alive) and cleared by release(), unless another process has forced it away meanwhile.
 */
export class HeldLease {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: SessionStore,
    readonly sessionId: string,
    private readonly log?: Logger,
    everyMs = HEARTBEAT_MS,
  ) {
    this.timer = setInterval(() => this.write(newLease()), everyMs);
    this.timer.unref();
  }

  release(): void {
    clearInterval(this.timer);
    this.write(null);
  }

  private write(lease: SessionLease | null): void {
    try {
      // A forced resume elsewhere owns it now: its lease is not ours to refresh or clear.
      const s = this.store.getSession(this.sessionId);
      if (s?.lease && !isOurs(s.lease)) return;
      // updated_at stays the time of the last real change (a heartbeat is not progress).
      this.store.updateSession(this.sessionId, { lease, updatedAt: s?.updatedAt });
    } catch (err) {
      // A closed store (the process is exiting) or a vanished session: the lease goes stale on its own.
      this.log?.warn(`lease of ${this.sessionId}: ${(err as Error).message}`);
    }
  }
}

/** Writes our lease for a session nobody else can know yet (one this process just created). */
export function holdNew(store: SessionStore, sessionId: string, log?: Logger): HeldLease {
  store.updateSession(sessionId, { lease: newLease() });
  return new HeldLease(store, sessionId, log);
}

/**
 * Takes the lease of an existing session: `check` re-reads it under the store's cross-process
 * lock and throws if another process holds it, so of two simultaneous resumes exactly one wins.
 */
export async function take(store: SessionStore, sessionId: string, check: () => void, log?: Logger): Promise<HeldLease> {
  const write = (): void => {
    check();
    store.updateSession(sessionId, { lease: newLease() });
  };
  await (store.exclusive ? store.exclusive(write) : Promise.resolve().then(write));
  return new HeldLease(store, sessionId, log);
}
