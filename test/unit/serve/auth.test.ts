// Who may call the server: loopback by default, a bearer token otherwise; Host checks against
// DNS rebinding; CORS only for --allow-origin origins.
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/app/options';
import { checkServeOptions } from '../../../src/serve/server';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTmpDir } from '../../support/tmpDir';
import { get, post, request, SseReader, startTestServer, type TestServer } from './harness';

const TOKEN = 'test-token-0123456789';

describe('serve: access', function () {
  this.timeout(30_000);

  it('refuses a non-loopback host without a token', async () => {
    assert.throws(() => checkServeOptions({ host: '0.0.0.0', port: 0 }), UsageError);
    assert.throws(() => checkServeOptions({ host: '::', port: 0 }), UsageError);
    assert.throws(() => checkServeOptions({ host: '192.168.1.10', port: 0 }), UsageError);
    assert.throws(() => checkServeOptions({ host: '0.0.0.0', port: 0, token: 'short' }), /at least 8/);
    checkServeOptions({ host: '0.0.0.0', port: 0, token: TOKEN });
    checkServeOptions({ host: '127.0.0.1', port: 0 });
    checkServeOptions({ host: 'localhost', port: 0 });
    checkServeOptions({ host: '::1', port: 0 });
    ensureCliBuilt();
    const home = makeTmpDir('mf-serve-');
    try {
      const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { home: home.path });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0 without --token/);
    } finally {
      home.cleanup();
    }
  });

  describe('with --token', () => {
    let t: TestServer;
    before(async () => (t = await startTestServer({ token: TOKEN })));
    after(() => t?.close());

    it('answers only requests with the bearer token', async () => {
      const none = await get(t.url, '/health');
      assert.equal(none.status, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      assert.match(none.json.error, /bearer token/);
      assert.equal((await get(t.url, '/sessions', { Authorization: 'Bearer wrong-token-0000' })).status, 401);
      assert.equal((await get(t.url, '/sessions', { Authorization: `Basic ${TOKEN}` })).status, 401);
      assert.equal((await post(t.url, '/sessions', { domain: 'hanoi' })).status, 401);
      const ok = await get(t.url, '/sessions', { Authorization: `Bearer ${TOKEN}` });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { sessions: [] });
      // Both event streams: engine events and session-list snapshots.
      for (const stream of ['/events', '/sessions/stream']) {
        for (const [headers, status] of [[{ Authorization: `Bearer ${TOKEN}` }, 200], [{}, 401]] as const) {
          const sse = await SseReader.open(t.url, stream, headers);
          assert.equal(sse.status, status, `${stream} ${JSON.stringify(headers)}`);
          sse.close();
        }
      }
    });

    it('accepts any Host header (the token, not the name, is the guard) and never echoes the token', async () => {
      const r = await get(t.url, '/health', { Authorization: `Bearer ${TOKEN}`, Host: 'microfactory.example:80' });
      assert.equal(r.status, 200);
      assert.ok(!r.text.includes(TOKEN));
    });
  });

  describe('without a token', () => {
    let t: TestServer;
    before(async () => (t = await startTestServer({ allowedOrigins: ['http://localhost:3000'] })));
    after(() => t?.close());

    it('answers only requests addressed to localhost (DNS rebinding)', async () => {
      assert.equal((await get(t.url, '/health', { Host: `localhost:${t.server.port}` })).status, 200);
      assert.equal((await get(t.url, '/health', { Host: `[::1]:${t.server.port}` })).status, 200);
      const evil = await get(t.url, '/health', { Host: `attacker.example:${t.server.port}` });
      assert.equal(evil.status, 403);
      assert.match(evil.json.error, /Host/);
      const evilStream = await get(t.url, '/sessions/stream', { Host: `attacker.example:${t.server.port}` });
      assert.equal(evilStream.status, 403);
    });

    it('sends CORS headers only to allowed origins and refuses the others', async () => {
      const allowed = await get(t.url, '/sessions', { Origin: 'http://localhost:3000' });
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:3000');
      assert.equal(allowed.headers.vary, 'Origin');
      const plain = await get(t.url, '/sessions');
      assert.equal(plain.headers['access-control-allow-origin'], undefined);
      const other = await post(t.url, '/sessions', { domain: 'hanoi' }, { Origin: 'https://evil.example' });
      assert.equal(other.status, 403);
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      assert.equal(t.store.listSessions().length, 0, 'a refused cross-site POST started nothing');
      const pre = await request(t.url, 'OPTIONS', '/sessions', { headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' } });
      assert.equal(pre.status, 204);
      assert.match(String(pre.headers['access-control-allow-headers']), /Authorization/);
      assert.match(String(pre.headers['access-control-allow-headers']), /Last-Event-ID/);
      assert.equal((await request(t.url, 'OPTIONS', '/sessions', { headers: { Origin: 'https://evil.example' } })).status, 403);
    });
  });
});
