// serve must expose exactly what `status --json` and `export` print: compared here with the
// real CLI (dist/cli.js) reading the same MICROFACTORY_HOME.
import assert from 'node:assert/strict';
import { ensureCliBuilt } from '../../support/cliRun';
import { get, post, startTestServer, type TestServer, waitForStatus } from './harness';

describe('serve: JSON shapes equal the CLI', function () {
  this.timeout(60_000);
  let t: TestServer;
  let cliSession: string;
  let apiSession: string;

  before(async () => {
    ensureCliBuilt();
    t = await startTestServer();
    const run = await t.cli(['run', '--domain', 'hanoi', '--disks', '3', '-q', '--json']);
    assert.equal(run.code, 0, run.stderr);
    cliSession = JSON.parse(run.stdout).session_id;
    const r = await post(t.url, '/sessions', { domain: 'hanoi', disks: 4, provider: 'simulated' });
    assert.equal(r.status, 202, r.text);
    apiSession = r.json.session_id;
    await waitForStatus(t.url, apiSession, ['completed']);
  });
  after(() => t?.close());

  it('GET /sessions equals status --json --limit N', async () => {
    const cli = await t.cli(['status', '--json', '--limit', '5']);
    assert.equal(cli.code, 0, cli.stderr);
    const api = await get(t.url, '/sessions?limit=5');
    assert.equal(api.status, 200);
    assert.match(String(api.headers['content-type']), /^application\/json/);
    assert.deepEqual(api.json, JSON.parse(cli.stdout));
    assert.deepEqual(new Set(api.json.sessions.map((s: { session_id: string }) => s.session_id)), new Set([cliSession, apiSession]));
    assert.equal((await get(t.url, '/sessions?limit=1')).json.sessions.length, 1);
  });

  it('GET /sessions/:id equals status --session-id ID --json, for a CLI run and a served run', async () => {
    for (const id of [cliSession, apiSession]) {
      const cli = await t.cli(['status', '--session-id', id, '--json']);
      assert.equal(cli.code, 0, cli.stderr);
      const api = await get(t.url, `/sessions/${id}`);
      assert.equal(api.status, 200);
      assert.deepEqual(api.json, JSON.parse(cli.stdout));
    }
    const cli = JSON.parse((await t.cli(['status', '--session-id', apiSession, '--json', '--steps', '3'])).stdout);
    assert.deepEqual((await get(t.url, `/sessions/${apiSession}?limit=3`)).json, cli);
  });

  it('pages steps with offset and limit', async () => {
    const all = (await get(t.url, `/sessions/${apiSession}`)).json;
    assert.equal(all.steps_stored, 15);
    const page = (await get(t.url, `/sessions/${apiSession}?offset=3&limit=5`)).json;
    assert.deepEqual(page.steps, all.steps.slice(3, 8));
    assert.equal(page.steps_listed, 5);
    const steps = (await get(t.url, `/sessions/${apiSession}/steps?parent=null&offset=10&limit=100`)).json;
    // The detail's steps add the original's `children` and `winning_solution` to the listing's shape.
    assert.deepEqual(steps.steps, all.steps.slice(10).map(({ children, winning_solution, ...rest }: Record<string, unknown>) => rest));
    assert.equal(steps.total, 15);
    assert.equal((await get(t.url, `/sessions/${apiSession}/steps?parent=1`)).json.total, 0);
  });

  it('GET /sessions/:id/export streams the same NDJSON as microfactory export', async () => {
    const cli = await t.cli(['export', '--session-id', apiSession]);
    assert.equal(cli.code, 0, cli.stderr);
    const api = await get(t.url, `/sessions/${apiSession}/export`);
    assert.equal(api.status, 200);
    assert.match(String(api.headers['content-type']), /^application\/x-ndjson/);
    assert.equal(api.text, cli.stdout);
    assert.equal(api.text.trim().split('\n').length, 15);
  });

  it('serves one step and its samples', async () => {
    const step = (await get(t.url, `/sessions/${apiSession}/steps/1`)).json;
    assert.equal(step.id, '1');
    assert.equal(step.status, 'completed');
    assert.ok(step.output, 'the parsed winner is included');
    const samples = await get(t.url, `/sessions/${apiSession}/steps/1/samples`);
    assert.equal(samples.status, 200);
    assert.equal(samples.json.step_id, '1');
    assert.ok(samples.json.samples.length >= 1);
    const s = samples.json.samples[0];
    assert.equal(s.role, 'solver');
    for (const k of ['seq', 'text', 'key', 'flags', 'tokens_in', 'tokens_out', 'finish', 'temperature', 'latency_ms', 'model', 'rejected']) assert.ok(k in s, k);
  });

  it('filters sessions by status', async () => {
    assert.equal((await get(t.url, '/sessions?status=completed')).json.sessions.length, 2);
    assert.equal((await get(t.url, '/sessions?status=paused,failed')).json.sessions.length, 0);
    const offset = (await get(t.url, '/sessions?status=completed&offset=1')).json.sessions;
    assert.equal(offset.length, 1);
  });
});
