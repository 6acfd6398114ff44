// GET /sessions/stream: the original tool's live view, kept for the dashboards built on it.
// Every poll interval (and once at connect) one SSE `data:` frame with exactly the JSON of
// GET /sessions for the same query (limit, offset, status; the server's --limit by default).
// The frames carry no event name, so a browser's EventSource.onmessage receives them. It reads
// the store, not the engine, so it shows every process's sessions at the pace of polling;
// /events is the push stream of engine events.
import type { ServerResponse } from 'node:http';
import type { Logger, SessionStore } from '../engine/ports';
import { startSse } from './http';
import { sessionLister } from './reads';
import type { RequestContext } from './router';

export interface SnapshotDeps {
  store: SessionStore;
  /** The page size when the query names none (serve --limit). */
  defaultLimit: number;
  intervalMs: number;
  redact: (text: string) => string;
  log: Logger;
  /** Open snapshot streams, so shutdown can end them and /health can count them. */
  streams: Set<ServerResponse>;
}

export function openSnapshotStream(ctx: RequestContext, d: SnapshotDeps): void {
  const read = sessionLister(d.store, ctx.query, d.defaultLimit); // a bad query is a 400, before the stream opens
  const { res } = ctx;
  startSse(res, ctx.headers);
  const send = (): void => {
    // A reader that fell behind skips ticks until its socket drains: the next snapshot supersedes the missed ones.
    if (res.writableNeedDrain) return;
    try {
      res.write(`data: ${d.redact(JSON.stringify(read()))}\n\n`);
    } catch (e) {
      d.log.warn(`serve: /sessions/stream: could not read sessions: ${(e as Error)?.message ?? String(e)}`);
      res.write(': snapshot_error\n\n');
    }
  };
  send();
  const timer = setInterval(send, d.intervalMs);
  d.streams.add(res);
  res.on('close', () => {
    clearInterval(timer);
    d.streams.delete(res);
  });
}
