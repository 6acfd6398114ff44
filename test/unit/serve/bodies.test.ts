// Request bodies that misbehave, over a raw socket: one that never arrives (Content-Length larger
// than what is sent, then silence) gets a 408 and a closed connection instead of a hung handler;
// an upload the client aborts is handled quietly, with one log line and no stack trace.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Logger } from '../../../src/engine/ports';
import { get, startTestServer, type TestServer } from './harness';

/** Sends the head of a POST /sessions that promises `declared` bytes, then `sent` of them. */
function partialPost(port: number, declared: number, sent: string): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(`POST /sessions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${sent}`);
  return socket;
}

describe('serve: request bodies', function () {
  this.timeout(30_000);

  describe('a body that never arrives', () => {
    let t: TestServer;
    before(async () => (t = await startTestServer({ bodyTimeoutMs: 300 })));
    after(() => t?.close());

    it('is answered 408 with a JSON error and the connection is closed', async () => {
      const socket = partialPost(t.server.port, 100, '{"domain":');
      let reply = '';
      socket.setEncoding('utf8').on('data', (d: string) => (reply += d));
      const started = Date.now();
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 5000);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      socket.destroy();
      assert.ok(closed, `the server kept the connection open for 5 s; got: ${JSON.stringify(reply)}`);
      assert.ok(Date.now() - started >= 250, 'not before the deadline');
      assert.match(reply, /^HTTP\/1\.1 408 /);
      assert.match(reply, /connection: close/i);
      assert.match(reply, /\{"error":"the request body did not arrive within 300 ms"\}$/);
      assert.equal(t.store.listSessions().length, 0);
      assert.equal((await get(t.url, '/health')).status, 200, 'the server still answers');
    });
  });

  describe('an aborted upload', () => {
    const lines: { level: string; text: string }[] = [];
    const log: Logger = {
      debug: (text) => lines.push({ level: 'debug', text }),
      info: (text) => lines.push({ level: 'info', text }),
      warn: (text) => lines.push({ level: 'warn', text }),
      error: (text) => lines.push({ level: 'error', text }),
    };
    let t: TestServer;
    before(async () => (t = await startTestServer({ log })));
    after(() => t?.close());

    it('is handled quietly: one line, no error, no stack trace', async () => {
      const socket = partialPost(t.server.port, 1000, '{"domain": "hanoi", ');
      await new Promise((r) => setTimeout(r, 100)); // let the server start reading the body
      socket.destroy();
      const deadline = Date.now() + 3000;
      while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200)); // anything logged late is caught too
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(lines[0].level, 'debug');
      assert.doesNotMatch(lines[0].text, /\n/);
      assert.match(lines[0].text, /POST \/sessions: the client closed the connection/);
      assert.equal(t.store.listSessions().length, 0);
      assert.equal((await get(t.url, '/health')).status, 200, 'the server still answers');
    });
  });
});
