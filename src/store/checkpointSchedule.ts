// When a store checkpoints on its own (durability.ts does the checkpoint itself): every
// `checkpointIntervalMs` on a timer, soon after `checkpointBytes` of journal, and inline when a
// burst of writes never yields to the event loop. Another process holding the lock is never
// waited for here: the attempt is retried shortly, and the journal keeps every write safe meanwhile.
import type { Logger } from '../engine/ports';
import type { Durable } from './durability';

export interface ScheduleOptions {
  checkpointIntervalMs?: number;
  checkpointBytes?: number;
  tailBytes?: number;
}

export class CheckpointSchedule {
  private readonly interval: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private readonly checkpointBytes: number;
  private readonly tailBytes: number;
  private inlineRetryAt = 0;
  private stopped = false;

  constructor(
    private readonly core: Durable,
    opts: ScheduleOptions,
    private readonly log: Logger,
  ) {
    this.checkpointBytes = opts.checkpointBytes ?? 8 * 1024 * 1024;
    this.tailBytes = opts.tailBytes ?? 64 * 1024 * 1024;
    const every = opts.checkpointIntervalMs ?? 5000;
    if (every > 0) {
      this.interval = setInterval(() => this.background(), every);
      this.interval.unref(); // never keeps a CLI alive; the journal covers what is not checkpointed
    }
  }

  /** After a journal append: note the session for the next checkpoint, and start one when due. */
  journaled(session: string): void {
    this.core.dirty.add(session);
    const j = this.core.journal;
    // Records applied to SQL grow the main DB; records held in the tail only take memory. Each
    // kind has its budget (in journal bytes), and "pending" is measured in the first's units.
    const pending = Math.max(j.bytes - j.heldBytes, (j.heldBytes * this.checkpointBytes) / this.tailBytes);
    if (pending >= this.checkpointBytes && !this.soon) this.soon = setImmediate(() => this.background());
    // A burst that never yields to the event loop would grow the main DB without bound: checkpoint
    // inline. If another process holds the lock, try again only after another quarter of the budget.
    if (pending >= 2 * this.checkpointBytes && pending >= this.inlineRetryAt) {
      let done = false;
      try {
        done = this.attempt();
      } catch (err) {
        // The write itself is safe in the journal: report, and let a later write or the timer retry.
        this.log.warn(`store: checkpoint failed, will retry (${(err as Error).message})`);
      }
      this.inlineRetryAt = done ? 0 : pending + this.checkpointBytes / 4;
    }
  }

  /** No more checkpoints from here (the store's own final one is done by its close()). */
  stop(): void {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    if (this.soon) {
      clearTimeout(this.soon as NodeJS.Timeout);
      clearImmediate(this.soon as NodeJS.Immediate);
    }
  }

  /** One checkpoint attempt without waiting; false when another process holds the lock (retry later). */
  private attempt(): boolean {
    if (this.stopped || !this.core.hasWork()) return true;
    if (!this.core.lock.tryAcquire()) return false;
    try {
      this.core.checkpointLocked();
    } finally {
      this.core.lock.release();
    }
    return true;
  }

  private background(): void {
    this.soon = undefined;
    if (this.stopped) return;
    try {
      if (!this.attempt()) {
        this.soon = setTimeout(() => this.background(), 25); // lock busy: retry shortly
        this.soon.unref();
      }
    } catch (err) {
      this.log.warn(`store: background checkpoint failed, will retry (${(err as Error).message})`);
    }
  }
}
