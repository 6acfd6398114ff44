// Listeners for other processes' writes to the store file, and the poll that finds them: while
// anyone listens, `check` (the store's reloadIfChanged) runs every interval; it calls notify()
// after each reload, whoever triggered it. No listener, no timer.
import type { Logger } from '../engine/ports';

export class ChangeWatch {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly check: () => void,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Tells every listener; a listener that throws is logged and does not stop the others. */
  notify(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (err) {
        this.log.warn(`store: change listener failed (${(err as Error).message})`);
      }
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => this.check(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stop();
    };
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
