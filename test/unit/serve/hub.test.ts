// The event hub's replay ring and a congested SSE client, without sockets: a fake sink decides
// when the "socket" is full, so coalescing is tested deterministically.
import assert from 'node:assert/strict';
import { emptySessionMetrics, type SessionMetrics } from '../../../src/engine/model';
import { EventHub } from '../../../src/serve/hub';
import { Ring } from '../../../src/serve/ring';
import { SseClient, type SseSink } from '../../../src/serve/sse';

class FakeSink implements SseSink {
  chunks: string[] = [];
  writableLength = 0;
  full = false;
  private drain: (() => void) | undefined;
  get writableNeedDrain(): boolean {
    return this.full;
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    if (this.full) this.writableLength += chunk.length;
    return !this.full;
  }
  once(_event: 'drain', listener: () => void): this {
    this.drain = listener;
    return this;
  }
  /** The socket caught up. */
  release(): void {
    this.full = false;
    this.writableLength = 0;
    const d = this.drain;
    this.drain = undefined;
    d?.();
  }
  get text(): string {
    return this.chunks.join('');
  }
  events(): { id?: string; event: string; data: any }[] {
    return this.text.split('\n\n').filter((b) => /^(id|event): /m.test(b)).map((b) => {
      const field = (f: string): string | undefined => new RegExp(`^${f}: (.*)$`, 'm').exec(b)?.[1];
      return { id: field('id'), event: field('event') ?? 'message', data: JSON.parse(field('data') ?? 'null') };
    });
  }
}

const metrics = (n: number): SessionMetrics => ({ ...emptySessionMetrics(), stepsCompleted: n });

describe('serve: event hub and slow clients', () => {
  it('the ring keeps the newest events within its count and size bounds', () => {
    const ring = new Ring(3, 1000);
    for (let i = 1; i <= 5; i++) ring.push({ seq: i, id: `b-${i}`, type: 't', sessionId: 's', frame: 'x'.repeat(10) });
    assert.equal(ring.size, 3);
    assert.equal(ring.oldestSeq, 3);
    assert.deepEqual(ring.after(3).map((e) => e.seq), [4, 5]);
    assert.deepEqual(ring.after(0).map((e) => e.seq), [3, 4, 5]);
    const small = new Ring(100, 25);
    for (let i = 1; i <= 5; i++) small.push({ seq: i, id: `b-${i}`, type: 't', sessionId: 's', frame: 'x'.repeat(10) });
    assert.deepEqual(small.after(0).map((e) => e.seq), [4, 5]);
  });

  it('replays after an id, and flags a gap or a foreign id for resync', () => {
    const hub = new EventHub({ redact: (s) => s, maxEvents: 10 });
    for (let i = 0; i < 25; i++) hub.publish({ type: 'metrics', sessionId: 's', metrics: metrics(i) });
    const ok = hub.replay(`${hub.boot}-20`);
    assert.equal(ok.kind, 'ok');
    assert.deepEqual(ok.entries.map((e) => e.seq), [21, 22, 23, 24, 25]);
    const gap = hub.replay(`${hub.boot}-3`);
    assert.equal(gap.kind, 'resync');
    assert.equal(gap.kind === 'resync' && gap.reason, 'gap');
    assert.equal(gap.entries.length, 10);
    assert.equal(hub.replay('other-5').kind, 'resync');
    assert.equal(hub.replay(`${hub.boot}-99`).kind, 'resync');
  });

  it('redacts each frame once at publish', () => {
    const hub = new EventHub({ redact: (s) => s.replace('secret', '[redacted]') });
    const sink = new FakeSink();
    hub.subscribe(new SseClient(sink, { filter: {}, metricsOf: () => undefined }));
    hub.publish({ type: 'log', sessionId: 's', level: 'info', message: 'the secret' });
    assert.match(sink.text, /the \[redacted\]/);
  });

  it('a congested client gets coalesced metrics and the latest state, in id order, with bounded memory', () => {
    const hub = new EventHub({ redact: (s) => s });
    const sink = new FakeSink();
    const client = new SseClient(sink, { filter: {}, metricsOf: (id) => (id === 'a' ? metrics(999) : undefined), bufferBytes: 100 });
    hub.subscribe(client);
    hub.publish({ type: 'session_started', sessionId: 'a', domain: 'hanoi', flow: 'chain', resumed: false, stepsTotal: 5000 });
    sink.full = true; // the reader stopped reading
    for (let i = 0; i < 5000; i++) {
      hub.publish({ type: 'step_started', sessionId: 'a', stepId: String(i + 1), parentId: null, depth: 0, description: 'x'.repeat(50), phase: 'solve' });
      if (i % 100 === 0) hub.publish({ type: 'metrics', sessionId: 'a', metrics: metrics(i) });
      if (i % 1000 === 0) hub.publish({ type: 'metrics', sessionId: 'b', metrics: metrics(i) });
    }
    hub.publish({ type: 'session_finished', sessionId: 'b', status: 'completed', metrics: metrics(5000) });
    assert.ok(client.isCongested);
    const writtenWhileFull = sink.chunks.length;
    assert.ok(writtenWhileFull <= 3, `stopped writing once over budget (${writtenWhileFull} writes)`);
    sink.chunks = [];
    sink.release();
    const got = sink.events();
    assert.equal(got[0].event, 'dropped');
    assert.ok(got[0].data.dropped > 4900);
    const rest = got.slice(1);
    // Per session and type only the newest survives; session a's metrics is read fresh (coalesced).
    assert.deepEqual(rest.map((e) => `${e.event}:${e.data.sessionId}`).sort(), ['metrics:a', 'metrics:b', 'session_finished:b']);
    const ma = rest.find((e) => e.event === 'metrics' && e.data.sessionId === 'a')!;
    assert.equal(ma.data.coalesced, true);
    assert.equal(ma.data.metrics.stepsCompleted, 999);
    const mb = rest.find((e) => e.event === 'metrics' && e.data.sessionId === 'b')!;
    assert.equal(mb.data.metrics.stepsCompleted, 4000);
    const seqs = rest.map((e) => Number(e.id!.split('-')[1]));
    assert.deepEqual([...seqs].sort((x, y) => x - y), seqs, 'in id order');
    // Live again: the next event is written straight away.
    assert.ok(!client.isCongested);
    hub.publish({ type: 'log', sessionId: 'a', level: 'info', message: 'after' });
    assert.match(sink.text, /"message":"after"/);
  });

  it('filters by session and type before anything is written or kept', () => {
    const hub = new EventHub({ redact: (s) => s });
    const sink = new FakeSink();
    hub.subscribe(new SseClient(sink, { filter: { session: 'a', types: new Set(['metrics']) }, metricsOf: () => undefined }));
    hub.publish({ type: 'metrics', sessionId: 'b', metrics: metrics(1) });
    hub.publish({ type: 'log', sessionId: 'a', level: 'info', message: 'no' });
    hub.publish({ type: 'metrics', sessionId: 'a', metrics: metrics(2) });
    assert.deepEqual(sink.events().map((e) => `${e.event}:${e.data.sessionId}`), ['metrics:a']);
  });
});
