// Test helpers for serve: a real server on an ephemeral port over a real store in a temp
// MICROFACTORY_HOME, a raw node:http client (tests need to set Host and Origin freely), and an
// incremental SSE reader.
import { type ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { silentLogger } from '../../../src/engine/ports';
import { startServer, type RunningServer, type ServeOptions } from '../../../src/serve/server';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { CLI, REPO_ROOT, runCli, type CliResult } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

export interface TestServer {
  home: TmpDir;
  store: SqlSessionStore;
  server: RunningServer;
  url: string;
  cli(args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<Omit<ServeOptions, 'store'>> = {}, home = makeTmpDir('mf-serve-')): Promise<TestServer> {
  // Fast polling so another process's checkpoint shows up within a test's patience.
  const store = await openStore(path.join(home.path, 'sessions.sqlite3'), { watchIntervalMs: 100, reloadMinIntervalMs: 0 });
  const server = await startServer({ host: '127.0.0.1', port: 0, store, resourceRoot: REPO_ROOT, log: silentLogger, ...opts });
  return {
    home,
    store,
    server,
    url: server.url,
    cli: (args) => runCli(args, { home: home.path }),
    async close() {
      await server.close(5000);
      await store.close();
      home.cleanup();
    },
  };
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed body; `any` because assertions read fields freely. */
  json: any;
}

export function request(base: string, method: string, pathname: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const payload = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
    const headers: Record<string, string> = { ...(payload !== undefined && opts.raw === undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers };
    const req = http.request(new URL(pathname, base), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export const get = (base: string, p: string, headers?: Record<string, string>) => request(base, 'GET', p, { headers });
export const post = (base: string, p: string, body?: unknown, headers?: Record<string, string>) => request(base, 'POST', p, { body, headers });

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** An open /events stream; events and comments are parsed as they arrive. */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  raw = '';
  ended = false;
  private buf = '';
  private waiters: (() => void)[] = [];
  private req: http.ClientRequest | undefined;
  private res: http.IncomingMessage | undefined;

  static open(base: string, pathname: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const r = new SseReader();
    return new Promise((resolve, reject) => {
      r.req = http.get(new URL(pathname, base), { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        r.res = res;
        r.status = res.statusCode ?? 0;
        r.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (d: string) => r.feed(d));
        res.on('end', () => {
          r.ended = true;
          r.wake();
        });
        res.on('error', () => undefined);
        resolve(r);
      });
      r.req.on('error', (e) => (r.status ? undefined : reject(e)));
    });
  }

  private feed(chunk: string): void {
    this.raw += chunk;
    this.buf += chunk;
    let at: number;
    while ((at = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, at);
      this.buf = this.buf.slice(at + 2);
      const ev: Partial<SseEvent> & { dataText?: string } = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) ev.id = line.slice(4);
        else if (line.startsWith('event: ')) ev.event = line.slice(7);
        else if (line.startsWith('data: ')) ev.dataText = (ev.dataText ? ev.dataText + '\n' : '') + line.slice(6);
      }
      if (ev.event !== undefined || ev.dataText !== undefined) this.events.push({ id: ev.id, event: ev.event ?? 'message', data: ev.dataText ? JSON.parse(ev.dataText) : undefined });
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `done()` is true for what has arrived; rejects after `timeoutMs`. */
  async until(done: (r: SseReader) => boolean, timeoutMs = 30_000, what = 'SSE condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (this.ended) throw new Error(`stream ended before ${what}; got ${this.events.map((e) => e.event).join(',')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${this.events.length} events`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Stops reading, as a stalled client does: once the kernel's socket buffers are full, the
   * server's writes stay in its own buffer. Deterministic where a race against the engine's pace is not.
   */
  pause(): void {
    this.res?.pause();
  }

  resume(): void {
    this.res?.resume();
  }

  close(): void {
    this.req?.destroy();
  }
}

export function finished(sessionId: string) {
  return (r: SseReader) => r.events.some((e) => e.event === 'session_finished' && e.data.sessionId === sessionId);
}

/** Polls GET /sessions/:id until its status is one of `statuses`. */
export async function waitForStatus(base: string, id: string, statuses: string[], timeoutMs = 30_000): Promise<Res> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await get(base, `/sessions/${id}?limit=0`);
    if (statuses.includes(r.json?.status)) return r;
    if (Date.now() > deadline) throw new Error(`session ${id} stayed ${r.json?.status}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** `microfactory serve --port 0 ...args` as a real process, once it prints the port it listens on. */
export function startServe(home: string, args: string[] = []): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MICROFACTORY_HOME: home };
  delete env.MICROFACTORY_LOG;
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
