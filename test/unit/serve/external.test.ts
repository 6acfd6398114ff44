// A session written by another process (the CLI in a terminal) reaches SSE clients as a
// session_updated event, detected through the store's external-change API, and shows up in
// GET /sessions.
import assert from 'node:assert/strict';
import { ensureCliBuilt } from '../../support/cliRun';
import { get, SseReader, startTestServer, type TestServer } from './harness';

describe('serve: sessions changed by other processes', function () {
  this.timeout(60_000);
  let t: TestServer;
  before(async () => {
    ensureCliBuilt();
    t = await startTestServer();
  });
  after(() => t?.close());

  it('reports a CLI run as session_updated and lists it', async () => {
    const stream = await SseReader.open(t.url, '/events');
    try {
      const run = await t.cli(['run', '--domain', 'hanoi', '--disks', '3', '-q']);
      assert.equal(run.code, 0, run.stderr);
      const isDone = (e: { event: string; data: any }) => e.event === 'session_updated' && e.data.session.status === 'completed';
      await stream.until((r) => r.events.some(isDone), 20_000, 'session_updated');
      const ev = stream.events.find(isDone)!;
      assert.equal(ev.data.type, 'session_updated');
      assert.equal(ev.data.sessionId, ev.data.session.session_id);
      assert.equal(ev.data.session.domain, 'hanoi');
      assert.equal(ev.data.session.steps_completed, 7);
      assert.ok(ev.id, 'session_updated events have ids like engine events');
      const cliStatus = JSON.parse((await t.cli(['status', '--json', '--limit', '1'])).stdout);
      assert.equal(cliStatus.sessions[0].session_id, ev.data.sessionId);
      // The event carries the same summary GET /sessions lists.
      const listed = (await get(t.url, '/sessions')).json.sessions;
      assert.deepEqual(listed.find((s: { session_id: string }) => s.session_id === ev.data.sessionId), ev.data.session);
      // Nothing else changed, so nothing else was reported.
      assert.ok(stream.events.every((e) => e.data.sessionId === ev.data.sessionId));
    } finally {
      stream.close();
    }
  });
});
