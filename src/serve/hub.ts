// The fan-out point between the engine and SSE clients. publish() is called synchronously from
// the engine's EventBus, so it does the least it can: serialize and redact the event once, keep
// it in the replay ring, and hand the same frame string to each subscribed client (whose own
// writer decides to write, coalesce or drop; see sse.ts). Nothing here ever waits on a socket.
import { type HubEntry, Ring } from './ring';
import { type ServeEvent, wireEvent } from './wire';

export interface Subscriber {
  deliver(entry: HubEntry): void;
}

export interface HubOptions {
  redact: (text: string) => string;
  /** Replay ring bounds (defaults: 4096 events, 8 Mi characters of frames). */
  maxEvents?: number;
  maxBytes?: number;
}

export type Replay =
  | { kind: 'ok'; entries: HubEntry[] }
  /** The id is from another server process or unparseable, or older than the ring holds: the client must re-read state over REST. */
  | { kind: 'resync'; reason: 'unknown_id' | 'gap'; entries: HubEntry[] };

export class EventHub {
  /** Distinguishes this process's ids from those of a previous `serve` on the same port. */
  readonly boot = Date.now().toString(36);
  private seq = 0;
  private readonly ring: Ring;
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly opts: HubOptions) {
    this.ring = new Ring(opts.maxEvents ?? 4096, opts.maxBytes ?? 8 * 1024 * 1024);
  }

  publish(event: ServeEvent): void {
    const seq = ++this.seq;
    const id = `${this.boot}-${seq}`;
    const frame = `id: ${id}\nevent: ${event.type}\ndata: ${this.opts.redact(JSON.stringify(wireEvent(event)))}\n\n`;
    const entry: HubEntry = { seq, id, type: event.type, sessionId: event.sessionId, frame };
    this.ring.push(entry);
    for (const s of this.subscribers) {
      try {
        s.deliver(entry);
      } catch {
        // One broken client must not stop the others, nor the engine that called us.
      }
    }
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get clients(): number {
    return this.subscribers.size;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** What a client reconnecting with `Last-Event-ID: lastEventId` missed. */
  replay(lastEventId: string): Replay {
    const m = /^([0-9a-z]+)-(\d+)$/.exec(lastEventId.trim());
    if (!m || m[1] !== this.boot || Number(m[2]) > this.seq) return { kind: 'resync', reason: 'unknown_id', entries: [] };
    const last = Number(m[2]);
    const oldest = this.ring.oldestSeq ?? this.seq + 1;
    const entries = this.ring.after(last);
    return last + 1 < oldest ? { kind: 'resync', reason: 'gap', entries } : { kind: 'ok', entries };
  }
}
