// Turns other processes' writes to the shared store (a CLI run in a terminal, the extension)
// into `session_updated` events. The store tells us *that* it reloaded another process's
// checkpoint, not *what* changed, so we keep each session's last seen (updatedAt, status) and
// diff. Sessions sort by updated_at, newest first, but another process's write only becomes
// visible at its next checkpoint (seconds later), so it can sort below sessions we already
// know. The scan therefore goes on past unchanged sessions until they are older than the
// previous scan by a generous LATE_MS, and no further.
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { sessionUpdated, type ServeEvent } from './wire';

/** The slice of SqlSessionStore the watcher needs (see src/store/store.ts). */
export interface WatchableStore extends Pick<SessionStore, 'listSessions' | 'getSession'> {
  onExternalChange(listener: () => void): () => void;
}

const PAGE = 100;
/** Bounds one scan when a whole store changed at once (e.g. merged from a long-offline process). */
const MAX_SCAN = 5000;
/** How late another process's write may show up (its checkpoint interval, a busy lock) and still be reported. */
const LATE_MS = 10 * 60_000;

export class ExternalWatcher {
  private readonly seen = new Map<string, string>();
  private lastScanAt = Date.now();
  private readonly off: () => void;

  constructor(
    private readonly store: WatchableStore,
    private readonly publish: (e: ServeEvent) => void,
    /** Sessions this server is running right now: their engine events already say everything. */
    private readonly isOwnRun: (id: string) => boolean,
  ) {
    for (let offset = 0; offset < MAX_SCAN; offset += PAGE) {
      const page = store.listSessions({ limit: PAGE, offset });
      for (const s of page) this.seen.set(s.id, stamp(s));
      if (page.length < PAGE) break;
    }
    this.off = store.onExternalChange(() => this.scan());
  }

  /** Records a session's current state as known (after our own run saved it), so it is not reported as foreign. */
  remember(id: string): void {
    const s = this.store.getSession(id);
    if (s) this.seen.set(s.id, stamp(s));
  }

  private scan(): void {
    const horizon = this.lastScanAt - LATE_MS;
    this.lastScanAt = Date.now();
    for (let offset = 0; offset < MAX_SCAN; offset += PAGE) {
      const page = this.store.listSessions({ limit: PAGE, offset });
      for (const s of page) {
        const now = stamp(s);
        if (this.seen.get(s.id) === now) {
          if (Date.parse(s.updatedAt) < horizon) return;
          continue;
        }
        this.seen.set(s.id, now);
        if (!this.isOwnRun(s.id)) this.publish(sessionUpdated(s));
      }
      if (page.length < PAGE) return;
    }
  }

  dispose(): void {
    this.off();
  }
}

function stamp(s: SessionRecord): string {
  return `${s.updatedAt}\u0000${s.status}\u0000${s.metrics.stepsCompleted}`;
}
