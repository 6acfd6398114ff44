// `microfactory serve`'s HTTP server: node:http, one store shared with the CLI and the
// extension, one event hub fed by the engine runs it starts and by other processes' writes.
// startServer() wires the parts; close() stops accepting, cancels the runs it started (they
// save themselves as cancelled, resumable), ends the event streams and drops idle sockets.
// Closing the store is the caller's: it opened it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../app/options';
import type { Logger, SessionStore } from '../engine/ports';
import type { EventsDeps } from './events';
import { BASE_HEADERS, ClientGone, HttpError, sendText } from './http';
import { EventHub } from './hub';
import { type AccessPolicy, authorize, corsFor, isLoopbackHost } from './policy';
import { serverRedactor } from './redact';
import { MAX_PAGE } from './reads';
import { buildRouter } from './routes';
import { RunManager } from './runs';
import type { SnapshotDeps } from './snapshots';
import { ExternalWatcher, type WatchableStore } from './watch';

export interface ServeOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  token?: string;
  allowedOrigins?: string[];
  allowRemoteKeys?: boolean;
  maxRuns?: number;
  heartbeatMs?: number;
  /** GET /sessions' page size when the query names none (default 25, the original's). */
  defaultLimit?: number;
  /** How often /sessions/stream sends a snapshot (default 1000 ms, at least MIN_POLL_INTERVAL_MS). */
  pollIntervalMs?: number;
  /** How long a request body may take to arrive before a 408 (default 10 s). */
  bodyTimeoutMs?: number;
  /** Replay ring bounds, see hub.ts. */
  replayEvents?: number;
  store: SessionStore & WatchableStore;
  resourceRoot: string;
  log: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  hub: EventHub;
  runs: RunManager;
  /** Stops accepting, cancels this server's runs (waiting up to `timeoutMs` for them to save) and closes every connection. */
  close(timeoutMs?: number): Promise<void>;
}

/** Snapshots more often than this would only burn CPU re-reading the store (the original's floor too). */
export const MIN_POLL_INTERVAL_MS = 200;

/** Refuses setups that would expose the API (and the keys it spends) to the network. */
export function checkServeOptions(o: Pick<ServeOptions, 'host' | 'port' | 'token' | 'pollIntervalMs' | 'defaultLimit'>): void {
  if (o.token !== undefined && o.token.trim().length < 8) throw new UsageError('--token must be at least 8 characters');
  if (!isLoopbackHost(o.host) && o.token === undefined) {
    throw new UsageError(`refusing to listen on ${o.host} without --token: anyone who reaches it could start runs with this machine's API keys`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got ${o.port}`);
  if (o.defaultLimit !== undefined && !(Number.isInteger(o.defaultLimit) && o.defaultLimit >= 1 && o.defaultLimit <= MAX_PAGE)) {
    throw new UsageError(`--limit must be an integer from 1 to ${MAX_PAGE}, got ${o.defaultLimit}`);
  }
  if (o.pollIntervalMs !== undefined && !(o.pollIntervalMs >= MIN_POLL_INTERVAL_MS)) throw new UsageError(`--poll-interval-ms must be at least ${MIN_POLL_INTERVAL_MS}, got ${o.pollIntervalMs}`);
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  checkServeOptions(o);
  const redactor = serverRedactor(o.token);
  const redact = (t: string): string => redactor.redact(t);
  const hub = new EventHub({ redact, maxEvents: o.replayEvents });
  const runs: RunManager = new RunManager({
    store: o.store,
    resourceRoot: o.resourceRoot,
    log: o.log,
    maxRuns: o.maxRuns ?? 4,
    onEvent: (e) => hub.publish(e),
    onFinished: (id) => watcher.remember(id),
    onSecret: (s) => redactor.add(s),
  });
  const watcher = new ExternalWatcher(o.store, (e) => hub.publish(e), (id) => runs.isRunning(id));
  const streams = new Set<ServerResponse>();
  const events: EventsDeps = { hub, streams, heartbeatMs: o.heartbeatMs ?? 15_000, metricsOf: (id) => o.store.getSession(id)?.metrics };
  const snapshots: SnapshotDeps = { store: o.store, defaultLimit: o.defaultLimit ?? 25, intervalMs: o.pollIntervalMs ?? 1000, redact, log: o.log, streams: new Set() };
  const router = buildRouter({ store: o.store, runs, keys: { allowRemoteKeys: o.allowRemoteKeys === true }, events, snapshots, redact, bodyTimeoutMs: o.bodyTimeoutMs ?? 10_000 });
  const policy: AccessPolicy = { token: o.token, allowedOrigins: new Set(o.allowedOrigins ?? []) };
  let closing = false;

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void =>
    sendText(res, status, redact(JSON.stringify(body)), 'application/json; charset=utf-8', headers);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let headers: Record<string, string> = {};
    try {
      headers = corsFor(req, policy);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...BASE_HEADERS, ...headers });
        res.end();
        return;
      }
      authorize(req, policy);
      if (closing) throw new HttpError(503, 'the server is shutting down');
      const url = requestUrl(req.url);
      const { handler, params } = router.resolve(req.method ?? 'GET', url.pathname);
      const reply = await handler({ req, res, params, query: url.searchParams, headers });
      if (reply) sendJson(res, reply.status, reply.body, { ...headers, ...reply.headers });
    } catch (e) {
      if (e instanceof ClientGone) {
        // An aborted upload: nobody is left to answer, and it is the client's doing, not a fault here.
        o.log.debug(`serve: ${req.method} ${req.url}: ${e.message}`);
        res.destroy();
        return;
      }
      if (!(e instanceof HttpError)) o.log.error(`serve: ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      const err = e instanceof HttpError ? e : new HttpError(500, `internal error: ${(e as Error)?.message ?? String(e)}`);
      // A request body we stopped reading would otherwise be parsed as the next request on a keep-alive socket.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendJson(res, err.status, { error: err.message }, { ...headers, ...err.headers });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL' ? new UsageError(`cannot listen on ${o.host}:${o.port}: ${e.code}`) : e),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  server.on('error', (e) => o.log.error(`serve: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host;

  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    hub,
    runs,
    async close(timeoutMs = 10_000) {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Cancel while event clients are still connected, so they see each run's session_finished.
      await runs.cancelAll(timeoutMs);
      watcher.dispose();
      for (const res of [...streams, ...snapshots.streams]) {
        res.write('event: shutdown\ndata: {}\n\n');
        res.end();
      }
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 2000);
      grace.unref();
      await closed;
      clearTimeout(grace);
    },
  };
}

function requestUrl(raw: string | undefined): URL {
  try {
    // Origin-form paths ("/sessions?x") are the norm; parsing them relative to a fixed base keeps "//x" from becoming a host.
    return raw?.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw ?? '/');
  } catch {
    throw new HttpError(400, `malformed request target '${raw}'`);
  }
}
