// The bounded replay buffer behind Last-Event-ID: the newest events, capped both by count and
// by bytes, so memory stays flat however long the server runs or however chatty a run is.

export interface HubEntry {
  /** Position in this server's event sequence (1, 2, ...). */
  seq: number;
  /** The SSE `id:` value: `<boot>-<seq>`, so an id from an earlier server process is recognised as foreign. */
  id: string;
  type: string;
  sessionId: string;
  /** The complete SSE frame, serialized and redacted once for every client. */
  frame: string;
}

export class Ring {
  private items: HubEntry[] = [];
  /** Index of the oldest live item in `items`; compacted lazily so eviction is O(1) amortised. */
  private start = 0;
  /** Characters of frames held (frames are mostly ASCII JSON, so about their bytes). */
  private bytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
  ) {}

  push(e: HubEntry): void {
    this.items.push(e);
    this.bytes += e.frame.length;
    while (this.size > 0 && (this.size > this.maxEvents || this.bytes > this.maxBytes)) {
      this.bytes -= this.items[this.start].frame.length;
      this.start++;
    }
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  get size(): number {
    return this.items.length - this.start;
  }

  /** seq of the oldest retained event, or undefined when empty. */
  get oldestSeq(): number | undefined {
    return this.size ? this.items[this.start].seq : undefined;
  }

  /** Retained events with seq > `after`, oldest first. */
  after(after: number): HubEntry[] {
    const out: HubEntry[] = [];
    // Sequence numbers are contiguous in the ring, so the first one to send is found by arithmetic.
    const oldest = this.oldestSeq;
    if (oldest === undefined) return out;
    for (let i = this.start + Math.max(0, after + 1 - oldest); i < this.items.length; i++) out.push(this.items[i]);
    return out;
  }
}
