// One SSE connection. Writes go straight to the socket while it keeps up. When the socket's
// buffer is full (more than `bufferBytes` unsent, default 256 KiB: a few times Node's 16 KiB
// high-water mark, so a healthy client rides out the bursts a fast simulated run emits in one
// tick) the client is "congested": instead of queueing frames without bound, it keeps only
// the newest state-like event per session and type (metrics, session_started/finished, paused,
// session_updated) and counts what it drops. On 'drain' it sends one `dropped` notice, a
// `metrics` event per session it dropped events for (coalesced: read fresh, marked
// `coalesced: true`), and the kept events in id order. Memory per client is bounded by the
// number of sessions, whatever the engine's pace.
import type { SessionMetrics } from '../engine/model';
import type { Subscriber } from './hub';
import type { HubEntry } from './ring';

/** What the client writes to: a ServerResponse in the server, a fake in tests. */
export interface SseSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  readonly writableLength: number;
  readonly writableNeedDrain: boolean;
}

export interface SseFilter {
  session?: string;
  types?: ReadonlySet<string>;
}

export interface SseClientOptions {
  filter: SseFilter;
  /** The session's current metrics, for the coalesced `metrics` event after a congestion. */
  metricsOf: (sessionId: string) => SessionMetrics | undefined;
  /** Bytes the socket may hold unsent before events are coalesced (default 256 KiB). */
  bufferBytes?: number;
}

/** Event types whose latest value supersedes earlier ones; the rest are per-step detail. */
const COALESCED = new Set(['metrics', 'session_started', 'paused', 'session_finished', 'session_updated']);
/** Past this many kept entries a congested client only gets a resync notice (sessions churned faster than it reads). */
const MAX_PENDING = 2048;

export class SseClient implements Subscriber {
  private congested = false;
  private readonly pending = new Map<string, HubEntry>();
  /** Per session: the newest dropped entry, whose seq the coalesced metrics event takes. */
  private readonly droppedBySession = new Map<string, HubEntry>();
  private dropped = 0;
  private overflow = false;

  constructor(
    private readonly sink: SseSink,
    private readonly opts: SseClientOptions,
  ) {}

  accepts(e: HubEntry): boolean {
    const f = this.opts.filter;
    return (f.session === undefined || e.sessionId === f.session) && (f.types === undefined || f.types.has(e.type));
  }

  deliver(e: HubEntry): void {
    if (!this.accepts(e)) return;
    if (this.congested) this.coalesce(e);
    else this.write(e.frame);
  }

  /**
   * Sends missed events in one write, never coalesced: the ring that holds them is bounded, so
   * this is too, and a reconnecting client gets exactly what it missed. Live events that follow
   * while the socket digests it are coalesced as usual.
   */
  replay(entries: readonly HubEntry[]): void {
    const frames = entries.filter((e) => this.accepts(e)).map((e) => e.frame);
    if (frames.length) this.write(frames.join(''));
  }

  /** A comment line (`: ping`) keeps proxies and idle timers from closing the stream; skipped while congested. */
  comment(text: string): void {
    if (!this.congested) this.write(`: ${text}\n\n`);
  }

  /** A frame without an id (control notices such as `resync`), not subject to replay. */
  control(type: string, data: object): void {
    if (!this.congested) this.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  get isCongested(): boolean {
    return this.congested;
  }

  private write(chunk: string): void {
    this.sink.write(chunk);
    // Over budget, the chunk is still buffered, but everything after it waits for 'drain'
    // (which needDrain guarantees will come once the socket has caught up).
    if (this.sink.writableLength > (this.opts.bufferBytes ?? 256 * 1024) && this.sink.writableNeedDrain) {
      this.congested = true;
      this.sink.once('drain', () => this.flush());
    }
  }

  private coalesce(e: HubEntry): void {
    if (COALESCED.has(e.type)) {
      const key = `${e.sessionId}\u0000${e.type}`;
      this.pending.delete(key); // re-insert so the map stays in arrival order
      this.pending.set(key, e);
      if (this.pending.size > MAX_PENDING) this.overflowed();
      return;
    }
    this.dropped++;
    this.droppedBySession.set(e.sessionId, e);
    if (this.droppedBySession.size > MAX_PENDING) this.overflowed();
  }

  private overflowed(): void {
    this.overflow = true;
    this.pending.clear();
    this.droppedBySession.clear();
  }

  private flush(): void {
    const frames: string[] = [];
    if (this.overflow) {
      frames.push(`event: resync\ndata: ${JSON.stringify({ reason: 'overflow', dropped: this.dropped })}\n\n`);
    } else {
      if (this.dropped > 0) frames.push(`event: dropped\ndata: ${JSON.stringify({ dropped: this.dropped, sessions: this.droppedBySession.size })}\n\n`);
      const kept = [...this.pending.values()];
      for (const [sessionId, last] of this.droppedBySession) {
        const real = this.pending.get(`${sessionId}\u0000metrics`);
        if (real && real.seq > last.seq) continue; // a real metrics event newer than anything dropped already says it
        if (!this.accepts({ ...last, type: 'metrics' })) continue; // the client filtered metrics out
        const metrics = this.opts.metricsOf(sessionId);
        if (!metrics) continue;
        if (real) kept.splice(kept.indexOf(real), 1);
        const data = JSON.stringify({ type: 'metrics', sessionId, metrics, coalesced: true });
        kept.push({ seq: last.seq, id: last.id, type: 'metrics', sessionId, frame: `id: ${last.id}\nevent: metrics\ndata: ${data}\n\n` });
      }
      kept.sort((a, b) => a.seq - b.seq);
      for (const e of kept) frames.push(e.frame);
    }
    this.pending.clear();
    this.droppedBySession.clear();
    this.dropped = 0;
    this.overflow = false;
    this.congested = false;
    if (frames.length) this.write(frames.join(''));
  }
}
