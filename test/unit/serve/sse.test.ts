// GET /events: every engine event of a served run, in order, with ids that Last-Event-ID can
// resume from; filters; heartbeats; and no key in any frame.
import assert from 'node:assert/strict';
import { finished, get, post, SseReader, startTestServer, type TestServer, waitForStatus } from './harness';

const seqOf = (id: string | undefined): number => Number(id?.split('-')[1]);

describe('serve: SSE /events', function () {
  this.timeout(60_000);
  let t: TestServer;
  let sessionId: string;
  let stream: SseReader;

  before(async () => {
    t = await startTestServer({ heartbeatMs: 100 });
    stream = await SseReader.open(t.url, '/events');
    assert.equal(stream.status, 200);
    const r = await post(t.url, '/sessions', { domain: 'hanoi', disks: 4, provider: 'simulated', latencyMs: 1 });
    assert.equal(r.status, 202, r.text);
    sessionId = r.json.session_id;
    await stream.until(finished(sessionId), 30_000, 'session_finished');
  });
  after(async () => {
    stream?.close();
    await t?.close();
  });

  it('streams the run from session_started to session_finished with 15 step_completed', () => {
    assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
    const mine = stream.events.filter((e) => e.data?.sessionId === sessionId);
    assert.equal(mine[0].event, 'session_started');
    assert.equal(mine.at(-1)!.event, 'session_finished');
    assert.equal(mine.at(-1)!.data.status, 'completed');
    const completed = mine.filter((e) => e.event === 'step_completed');
    assert.equal(completed.length, 15);
    assert.deepEqual(completed.map((e) => e.data.step.index), [...Array(15).keys()]);
    // step_completed carries the same row shape GET /sessions/:id/steps lists.
    assert.equal(completed[0].data.step.id, '1');
    assert.ok('votes' in completed[0].data.step && 'margin' in completed[0].data.step);
    for (const e of mine) assert.equal(e.data.type, e.event);
    const seqs = mine.map((e) => seqOf(e.id));
    assert.ok(seqs.every((s, i) => Number.isInteger(s) && (i === 0 || s > seqs[i - 1])), 'ids increase');
  });

  it('replays what a client missed after Last-Event-ID', async () => {
    const completed = stream.events.filter((e) => e.event === 'step_completed' && e.data.sessionId === sessionId);
    const fifth = completed[4];
    const again = await SseReader.open(t.url, `/events?session=${sessionId}`, { 'Last-Event-ID': fifth.id! });
    try {
      await again.until(finished(sessionId), 10_000, 'replayed session_finished');
      const replayed = again.events;
      assert.ok(replayed.every((e) => seqOf(e.id) > seqOf(fifth.id)), `only events after the given id ${fifth.id}: ${JSON.stringify(replayed.filter((e) => !(seqOf(e.id) > seqOf(fifth.id))))}`);
      assert.deepEqual(
        replayed.filter((e) => e.event === 'step_completed').map((e) => e.data.step.id),
        completed.slice(5).map((e) => e.data.step.id),
      );
      // The replay is exactly the original tail (same ids, same data).
      const tail = stream.events.filter((e) => e.data?.sessionId === sessionId && seqOf(e.id) > seqOf(fifth.id));
      assert.deepEqual(replayed, tail);
    } finally {
      again.close();
    }
  });

  it('asks for a resync when the Last-Event-ID is not one of this server', async () => {
    const r = await SseReader.open(t.url, '/events', { 'Last-Event-ID': 'zzz-12' });
    try {
      await r.until((x) => x.events.length > 0, 5000, 'resync');
      assert.equal(r.events[0].event, 'resync');
      assert.equal(r.events[0].data.reason, 'unknown_id');
    } finally {
      r.close();
    }
  });

  it('filters by session and by event type', async () => {
    const typed = await SseReader.open(t.url, '/events?types=session_started,session_finished');
    const other = await SseReader.open(t.url, '/events?session=not-this-one');
    try {
      const r = await post(t.url, '/sessions', { domain: 'hanoi', disks: 2, provider: 'simulated' });
      await typed.until(finished(r.json.session_id), 20_000, 'typed session_finished');
      assert.deepEqual(typed.events.map((e) => e.event), ['session_started', 'session_finished']);
      assert.equal(other.events.length, 0);
    } finally {
      typed.close();
      other.close();
    }
    assert.equal((await get(t.url, '/events?types=nope')).status, 400);
  });

  it('keeps up with a run that yields between steps: nothing dropped', async () => {
    const r = await SseReader.open(t.url, '/events?types=step_completed,session_finished');
    try {
      const run = await post(t.url, '/sessions', { domain: 'hanoi', disks: 9, provider: 'simulated', latencyMs: 1 });
      await r.until(finished(run.json.session_id), 30_000, 'session_finished');
      assert.equal(r.events.filter((e) => e.event === 'step_completed').length, 511);
      assert.ok(!r.events.some((e) => e.event === 'dropped'));
    } finally {
      r.close();
    }
  });

  it('coalesces instead of buffering when a burst overfills the socket', async () => {
    // The reader stops reading for the whole run, so the socket cannot drain however the engine
    // and the reader are scheduled (racing the engine's pace against the reader's flaked under
    // load: the run yields every 50 ms, and a starved engine emits too little per slice to fill
    // anything). 12 disks emit about 8 MB of frames: twice what the kernel's buffers take from
    // a peer that never reads (Linux's default ceiling: tcp_wmem 4 MiB to send, plus the
    // receive window), so the server's own buffer passes its budget and must coalesce.
    const steps = 2 ** 12 - 1;
    const r = await SseReader.open(t.url, '/events');
    try {
      r.pause();
      const run = await post(t.url, '/sessions', { domain: 'hanoi', disks: 12, provider: 'simulated' });
      assert.equal(run.status, 202, run.text);
      const id = run.json.session_id;
      await waitForStatus(t.url, id, ['completed'], 50_000);
      r.resume();
      await r.until(finished(id), 30_000, 'session_finished');
      const dropped = r.events.find((e) => e.event === 'dropped');
      assert.ok(dropped && dropped.data.dropped > 0, 'a dropped notice');
      // Had the server buffered the burst, every step would have arrived.
      assert.ok(r.events.filter((e) => e.event === 'step_completed' && e.data.sessionId === id).length < steps, 'steps were dropped, not buffered');
      const after = r.events.slice(r.events.indexOf(dropped));
      const m = after.find((e) => e.event === 'metrics' && e.data.sessionId === id);
      assert.ok(m, 'a metrics event after the drop');
      assert.equal(after.at(-1)!.event, 'session_finished');
      assert.equal(after.at(-1)!.data.metrics.stepsCompleted, steps);
      const seqs = r.events.filter((e) => e.id).map((e) => seqOf(e.id));
      assert.ok(seqs.every((x, i) => i === 0 || x > seqs[i - 1]), 'ids still increase');
    } finally {
      r.close();
    }
  });

  it('sends `: ping` heartbeats', async () => {
    const r = await SseReader.open(t.url, '/events');
    try {
      await r.until((x) => x.comments.includes('ping'), 5000, 'a ping');
    } finally {
      r.close();
    }
  });
});

describe('serve: keys never leave the server', function () {
  this.timeout(60_000);
  const envKey = 'sk-envsecret-0123456789abcdef';
  const bodyKey = 'remote-secret-key-42';
  let saved: string | undefined;
  let t: TestServer;

  before(async () => {
    saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = envKey;
    t = await startTestServer({ allowRemoteKeys: true });
  });
  after(async () => {
    if (saved === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved;
    await t?.close();
  });

  it('redacts the server keys and keys given in requests from replies, exports and events', async () => {
    const stream = await SseReader.open(t.url, '/events');
    try {
      const prompt = `hanoi; the keys are ${envKey} and ${bodyKey}`;
      const r = await post(t.url, '/sessions', { domain: 'hanoi', disks: 2, provider: 'simulated', prompt, apiKey: bodyKey });
      assert.equal(r.status, 202, r.text);
      const id = r.json.session_id;
      await stream.until(finished(id), 20_000, 'session_finished');
      const outputs = [
        stream.raw,
        (await get(t.url, '/sessions')).text,
        (await get(t.url, `/sessions/${id}`)).text,
        (await get(t.url, `/sessions/${id}/export`)).text,
        (await get(t.url, `/sessions/${id}/steps/1/samples`)).text,
      ];
      for (const text of outputs) {
        assert.ok(!text.includes(envKey) && !text.includes(bodyKey), `a key leaked: ${text.slice(0, 300)}`);
      }
      assert.match((await get(t.url, `/sessions/${id}`)).json.prompt, /\[redacted\].*\[redacted\]/);
      assert.ok(!('apiKey' in (await get(t.url, `/sessions/${id}`)).json.metadata));
    } finally {
      stream.close();
    }
  });
});
