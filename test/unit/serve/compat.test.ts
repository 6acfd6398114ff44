// Dashboards written for the original Rust tool keep working: its status JSON field names sit
// beside ours, GET /sessions honours the server's --limit, resume answers 202/400/404 as it did,
// and GET /sessions/stream sends the session list every poll interval.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import type { SampleRecord } from '../../../src/engine/model';
import { chainStep, makeSession, T0 } from '../../support/store-fixtures';
import { get, post, SseReader, startTestServer, type TestServer, waitForStatus } from './harness';

const T0_UNIX = Date.parse(T0) / 1000;

function sample(stepId: string, role: SampleRecord['role'], seq: number, over: Partial<SampleRecord> = {}): SampleRecord {
  return { stepId, role, seq, text: `${role} answer ${seq}`, flags: [], tokensIn: 1, tokensOut: 1, finish: 'stop', temperature: 0.7, latencyMs: 1, model: 'sim-1', ...over };
}

/** A tree session paused on its root's decomposition, with one child done and one drawn but undecided. */
function seedPausedTree(t: TestServer): void {
  const at = '2025-01-02T00:00:00.000Z';
  t.store.createSession(makeSession('tree-paused', 'tree', {
    status: 'paused', updatedAt: at,
    waitState: { stepId: '1', trigger: 'low_margin', details: 'margin 1', at },
    metrics: { stepsTotal: 3, stepsCompleted: 1, samples: 9, redFlags: 1, resamples: 2, tokensIn: 10, tokensOut: 20, costUsd: 0, maxVotesPerStep: 3, wallMs: 5 },
  }));
  t.store.putStep('tree-paused', chainStep(0, { id: '1', description: 'the task', status: 'waiting', phase: 'decompose', childIds: ['1.1', '1.2'], winnerText: undefined }));
  t.store.putStep('tree-paused', chainStep(1, { id: '1.1', parentId: '1', depth: 1, winnerText: 'the fix' }));
  t.store.putStep('tree-paused', chainStep(2, { id: '1.2', parentId: '1', depth: 1, status: 'pending', phase: 'solve', winnerText: undefined }));
  t.store.addSamples('tree-paused', [
    sample('1', 'decomposition', 0),
    sample('1', 'decomposition', 1, { flags: [{ flagger: 'format', reason: 'no list' }] }),
    sample('1', 'decomposition', 2, { rejected: true }),
    sample('1', 'decomposition', 3),
    sample('1.1', 'solver', 0),
    sample('1.2', 'solver', 0),
    sample('1.2', 'solver', 1),
  ]);
}

describe('serve: compatible with the original tool', function () {
  this.timeout(60_000);
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ defaultLimit: 2, pollIntervalMs: 200 });
    t.store.createSession(makeSession('old-1'));
    t.store.createSession(makeSession('old-2', 'chain', { updatedAt: '2025-01-01T00:00:01.000Z' }));
    seedPausedTree(t);
  });
  after(() => t?.close());

  it('lists sessions with session_id, status, prompt, domain and updated_at in unix seconds, beside our fields', async () => {
    const all = (await get(t.url, '/sessions?limit=10')).json.sessions;
    assert.deepEqual(all.map((s: { session_id: string }) => s.session_id), ['tree-paused', 'old-2', 'old-1']);
    const old = all[2];
    assert.deepEqual([old.session_id, old.status, old.prompt, old.domain, old.updated_at], ['old-1', 'running', 'prompt of old-1', 'hanoi', T0_UNIX]);
    assert.equal(old.updated_at_iso, T0);
    for (const k of ['flow', 'created_at', 'steps_completed', 'steps_total', 'cost_usd', 'wait_state', 'error']) assert.ok(k in old, k);
  });

  it('GET /sessions: the server --limit by default and for limit=0, ?limit=N otherwise, 400 JSON for a bad limit', async () => {
    assert.equal((await get(t.url, '/sessions')).json.sessions.length, 2);
    assert.equal((await get(t.url, '/sessions?limit=0')).json.sessions.length, 2);
    assert.equal((await get(t.url, '/sessions?limit=3')).json.sessions.length, 3);
    for (const bad of ['x', '-1', '1.5', '']) {
      const r = await get(t.url, `/sessions?limit=${bad}`);
      assert.equal(r.status, 400, bad);
      assert.match(r.json.error, /'limit'/);
    }
  });

  it('GET /sessions/:id carries wait_state, metadata, metrics, completed/total steps, pending candidates and steps', async () => {
    const d = (await get(t.url, '/sessions/tree-paused')).json;
    assert.equal(d.updated_at, Date.parse('2025-01-02T00:00:00.000Z') / 1000);
    assert.deepEqual(d.wait_state, { stepId: '1', step_id: '1', trigger: 'low_margin', details: 'margin 1', at: '2025-01-02T00:00:00.000Z' });
    assert.equal(d.metadata.llm_provider, 'simulated');
    assert.equal(d.metadata.llm_model, 'sim-1');
    assert.equal(d.metadata.k, 3);
    assert.equal(d.metadata.adaptive_k, false);
    assert.equal(d.metadata.config_path, null);
    assert.equal(d.metadata.provider, 'simulated', 'ours stays');
    assert.equal(d.metrics.sample_count, 9);
    assert.equal(d.metrics.resample_count, 2);
    assert.equal(d.metrics.red_flag_hits, 1);
    assert.equal(d.metrics.stepsCompleted, 1, 'ours stays');
    assert.equal(d.completed_steps, 1);
    assert.equal(d.total_steps, 3);
    // Clean, unrejected candidates of unfinished steps only: the flagged and the rejected proposal are left out.
    assert.deepEqual(d.pending_decompositions, { '1': [{ id: 0, raw: 'decomposition answer 0' }, { id: 3, raw: 'decomposition answer 3' }] });
    assert.deepEqual(d.pending_solutions, { '1.2': ['solver answer 0', 'solver answer 1'] });
    assert.deepEqual(d.steps.map((s: { id: string; children: string[]; winning_solution: string | null }) => [s.id, s.children, s.winning_solution]), [
      ['1', ['1.1', '1.2'], null],
      ['1.1', [], 'the fix'],
      ['1.2', [], null],
    ]);
    // The step a pause waits on is reported even when the page leaves it out.
    const page = (await get(t.url, '/sessions/tree-paused?offset=1&limit=1')).json;
    assert.deepEqual(Object.keys(page.pending_decompositions), ['1']);
    assert.deepEqual(page.pending_solutions, {});
  });

  it('POST /sessions/:id/resume: 202 for paused or failed, 400 for other states (409 for a live lease elsewhere), 404 for an unknown id', async () => {
    const started = await post(t.url, '/sessions', { domain: 'hanoi', disks: 2, stepByStep: true });
    assert.equal(started.status, 202, started.text);
    const paused = started.json.session_id;
    await waitForStatus(t.url, paused, ['paused']);
    t.store.createSession(makeSession('failed-1', 'chain', { status: 'failed', metadata: { provider: 'simulated', disks: 2 } }));
    t.store.createSession(makeSession('done-1', 'chain', { status: 'completed' }));
    // Running in another live process (its lease); the original tool had no leases and said 400.
    const lease = { pid: process.ppid, host: hostname(), token: 'another-process', heartbeatAt: new Date().toISOString() };
    t.store.createSession(makeSession('running-1', 'chain', { status: 'running', lease }));
    assert.equal((await post(t.url, `/sessions/${paused}/resume`)).status, 202);
    assert.equal((await post(t.url, '/sessions/failed-1/resume')).status, 202);
    for (const [id, status] of [['done-1', 400], ['running-1', 409]] as const) {
      const r = await post(t.url, `/sessions/${id}/resume`);
      assert.equal(r.status, status, `${id}: ${r.text}`);
      assert.equal(typeof r.json.error, 'string');
    }
    assert.equal((await post(t.url, '/sessions/no-such-session/resume')).status, 404);
    await waitForStatus(t.url, 'failed-1', ['completed']);
    await waitForStatus(t.url, paused, ['paused', 'completed']);
  });
});

describe('serve: GET /sessions/stream', function () {
  this.timeout(60_000);
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ defaultLimit: 2, pollIntervalMs: 200 });
    for (const id of ['a', 'b', 'c']) t.store.createSession(makeSession(id, 'chain', { updatedAt: `2025-01-01T00:00:0${id.charCodeAt(0) - 96}.000Z` }));
  });
  after(() => t?.close());

  it('sends the GET /sessions JSON at once and every poll interval, within --limit, and picks up new sessions', async () => {
    const list = (await get(t.url, '/sessions')).json;
    assert.equal(list.sessions.length, 2);
    const stream = await SseReader.open(t.url, '/sessions/stream');
    try {
      assert.equal(stream.status, 200);
      assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
      const t0 = Date.now();
      await stream.until((r) => r.events.length >= 3, 10_000, 'three snapshots');
      // Three snapshots: one at connect, then one per 200 ms tick.
      assert.ok(Date.now() - t0 >= 350, `three snapshots came after ${Date.now() - t0} ms`);
      for (const e of stream.events.slice(0, 3)) {
        assert.equal(e.event, 'message', 'no event name: EventSource.onmessage receives it');
        assert.deepEqual(e.data, list);
      }
      t.store.createSession(makeSession('d', 'chain', { updatedAt: '2025-01-01T00:00:09.000Z' }));
      await stream.until((r) => r.events.at(-1)!.data.sessions[0].session_id === 'd', 10_000, 'the new session');
      assert.equal(stream.events.at(-1)!.data.sessions.length, 2);
    } finally {
      stream.close();
    }
  });

  it('takes the GET /sessions query, and refuses a bad one with a JSON 400 before streaming', async () => {
    const one = await SseReader.open(t.url, '/sessions/stream?limit=1');
    try {
      await one.until((r) => r.events.length >= 1, 10_000, 'a snapshot');
      assert.equal(one.events[0].data.sessions.length, 1);
    } finally {
      one.close();
    }
    const bad = await get(t.url, '/sessions/stream?limit=abc');
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /'limit'/);
  });

  it('stops its timer when the client disconnects', async () => {
    const stream = await SseReader.open(t.url, '/sessions/stream');
    await stream.until((r) => r.events.length >= 1, 10_000, 'a snapshot');
    assert.equal((await get(t.url, '/health')).json.snapshot_clients, 1);
    const timersOpen = countTimers();
    stream.close();
    const deadline = Date.now() + 5000;
    while ((await get(t.url, '/health')).json.snapshot_clients !== 0) {
      assert.ok(Date.now() < deadline, 'the stream was still counted 5 s after the client left');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(countTimers() < timersOpen, 'the snapshot interval was cleared');
  });
});

function countTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}
