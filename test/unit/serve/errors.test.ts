// Clean errors: a JSON `{error}` with the right status for unknown routes and sessions (404),
// bad input and sessions in a state that cannot resume (400, 415), wrong methods (405), and
// cancelling what this server does not run or resuming what another live process runs (409).
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { makeSession } from '../../support/store-fixtures';
import { get, post, request, startTestServer, type TestServer, waitForStatus } from './harness';

describe('serve: errors', function () {
  this.timeout(60_000);
  let t: TestServer;
  let done: string;
  before(async () => {
    t = await startTestServer();
    const r = await post(t.url, '/sessions', { domain: 'hanoi', disks: 2 });
    done = r.json.session_id;
    await waitForStatus(t.url, done, ['completed']);
  });
  after(() => t?.close());

  const expectError = async (p: Promise<{ status: number; json: any; headers: Record<string, unknown> }>, status: number, pattern?: RegExp) => {
    const r = await p;
    assert.equal(r.status, status, JSON.stringify(r.json));
    assert.equal(typeof r.json?.error, 'string');
    assert.match(String(r.headers['content-type']), /^application\/json/);
    if (pattern) assert.match(r.json.error, pattern);
    return r;
  };

  it('404 for unknown routes, sessions and steps', async () => {
    await expectError(get(t.url, '/nope'), 404, /no route GET \/nope/);
    await expectError(get(t.url, '/sessions/nope'), 404, /no session nope/);
    await expectError(get(t.url, '/sessions/nope/steps'), 404);
    await expectError(get(t.url, '/sessions/nope/export'), 404);
    await expectError(get(t.url, `/sessions/${done}/steps/999`), 404, /no step 999/);
    await expectError(get(t.url, `/sessions/${done}/steps/999/samples`), 404);
    await expectError(get(t.url, `/sessions/${done}/steps?parent=999`), 404);
    await expectError(post(t.url, '/sessions/nope/resume', {}), 404);
    await expectError(post(t.url, '/sessions/nope/cancel'), 404);
  });

  it('400 for bad JSON, bodies and parameters, with the reason', async () => {
    const json = { 'Content-Type': 'application/json' };
    await expectError(request(t.url, 'POST', '/sessions', { raw: '{"domain": ', headers: json }), 400, /invalid JSON/);
    await expectError(request(t.url, 'POST', '/sessions', { raw: '[1]', headers: json }), 400, /must be an object/);
    await expectError(post(t.url, '/sessions', { domain: 'hanoi', disk: 4 }), 400, /Unrecognized key.*disk/);
    await expectError(post(t.url, '/sessions', { domain: 'hanoi', disks: 99 }), 400, /disks/);
    await expectError(post(t.url, '/sessions', { domain: 'hanoi', k: 'three' }), 400, /^k: /);
    await expectError(post(t.url, '/sessions', {}), 400, /domain/);
    await expectError(post(t.url, '/sessions', { domain: 'code' }), 400, /prompt/);
    await expectError(post(t.url, '/sessions', { domain: 'no-such-domain', prompt: 'x' }), 400, /no-such-domain/);
    await expectError(post(t.url, '/sessions', { domain: 'hanoi', apiKey: 'sk-abcdefghijkl' }), 400, /apiKey.*--allow-remote-keys/);
    await expectError(post(t.url, '/sessions', { domain: 'hanoi', baseUrl: 'https://evil.example/v1' }), 400, /baseUrl/);
    await expectError(post(t.url, `/sessions/${done}/resume`, { approve: true, reject: true }), 400, /exclude/);
    // The same Decision as the CLI's flags (app/decision.ts), named by the body's keys.
    await expectError(post(t.url, `/sessions/${done}/resume`, { approve: true, feedback: 'x' }), 400, /'feedback' goes with 'reject', not 'approve'/);
    await expectError(post(t.url, `/sessions/${done}/resume`, { skip: true, edit: 'mine' }), 400, /'edit' approves; it cannot go with 'skip'/);
    await expectError(get(t.url, '/sessions?limit=abc'), 400, /'limit'/);
    await expectError(get(t.url, '/sessions?limit=-1'), 400, /'limit'/);
    await expectError(get(t.url, '/sessions?limit=5001'), 400, /'limit'/);
    await expectError(get(t.url, '/sessions?offset=-1'), 400, /'offset'/);
    await expectError(get(t.url, '/sessions?status=bogus'), 400, /'status'/);
    await expectError(get(t.url, `/sessions/${done}?limit=1.5`), 400);
    await expectError(get(t.url, '/sessions/%E0%A4%A'), 400, /percent-encoding/);
    await expectError(request(t.url, 'POST', '/sessions', { raw: '{"domain":"hanoi"}', headers: { 'Content-Type': 'text/plain' } }), 415, /application\/json/);
    assert.equal(t.store.listSessions().length, 1, 'no rejected request started a run');
  });

  it('405 with Allow for known paths and other methods', async () => {
    const r = await expectError(request(t.url, 'DELETE', '/sessions'), 405);
    assert.equal(r.headers.allow, 'GET, POST');
    await expectError(request(t.url, 'PUT', `/sessions/${done}`), 405);
    await expectError(post(t.url, '/health'), 405);
    await expectError(get(t.url, `/sessions/${done}/resume`), 405);
  });

  it('400 for resuming a running or completed session (as the original), 409 for one another live process runs or for cancelling what it did not start', async () => {
    const started = await post(t.url, '/sessions', { domain: 'hanoi', disks: 10, latencyMs: 20 });
    assert.equal(started.status, 202);
    const id = started.json.session_id;
    await expectError(post(t.url, `/sessions/${id}/resume`, {}), 400, /already running/);
    assert.deepEqual((await post(t.url, `/sessions/${id}/cancel`)).json, { session_id: id, status: 'cancelling' });
    const cancelled = await waitForStatus(t.url, id, ['cancelled']);
    assert.equal(cancelled.json.wait_state.trigger, 'cancelled');
    await expectError(post(t.url, `/sessions/${id}/cancel`), 409, /not running in this server/);
    await expectError(post(t.url, `/sessions/${id}/resume`, { approve: true }), 400, /answers a pause/);
    // A cancelled session resumes where it stopped.
    const resumed = await post(t.url, `/sessions/${id}/resume`, { latencyMs: 0 });
    assert.equal(resumed.status, 202, resumed.text);
    const end = await waitForStatus(t.url, id, ['completed']);
    assert.equal(end.json.steps_completed, 1023);
    await expectError(post(t.url, `/sessions/${done}/resume`, {}), 400, /completed/);
    // Stored as running by another live process (its lease: a live pid, a fresh heartbeat): 409,
    // naming it, and only with force.
    const lease = { pid: process.ppid, host: hostname(), token: 'another-process', heartbeatAt: new Date().toISOString() };
    t.store.createSession(makeSession('elsewhere', 'chain', { metadata: { provider: 'simulated', disks: 2 }, lease }));
    const live = await expectError(post(t.url, '/sessions/elsewhere/resume', {}), 409, new RegExp(`running in pid ${process.ppid} on .*resume with \\{"force": true\\}$`));
    assert.equal(live.json.error.includes('heartbeat'), true);
    assert.deepEqual((await get(t.url, '/sessions/elsewhere')).json.owner, { pid: process.ppid, host: hostname(), heartbeat_at: lease.heartbeatAt, live: true });
    const forced = await post(t.url, '/sessions/elsewhere/resume', { force: true });
    assert.equal(forced.status, 202, forced.text);
    await waitForStatus(t.url, 'elsewhere', ['completed']);
    // Stored as running by a process that died (no live lease: here none at all): resumed without force.
    t.store.createSession(makeSession('killed', 'chain', { metadata: { provider: 'simulated', disks: 2 } }));
    assert.equal((await get(t.url, '/sessions/killed')).json.state, 'interrupted');
    const taken = await post(t.url, '/sessions/killed/resume', {});
    assert.equal(taken.status, 202, taken.text);
    await waitForStatus(t.url, 'killed', ['completed']);
  });
});
