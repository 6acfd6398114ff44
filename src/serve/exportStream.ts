// GET /sessions/:id/export: the `microfactory export` lines as NDJSON, streamed page by page.
// It waits for the socket to drain between pages and yields to the event loop, so a slow reader
// of a million-step session holds one page in memory and never stalls a run in progress.
import { setImmediate as nextTick } from 'node:timers/promises';
import { exportLine } from '../app/json';
import type { SessionStore } from '../engine/ports';
import { BASE_HEADERS } from './http';
import { session } from './reads';
import type { RequestContext } from './router';

const PAGE = 1000;

export async function streamExport(store: SessionStore, ctx: RequestContext, redact: (s: string) => string): Promise<undefined> {
  const s = session(store, ctx.params.id); // a 404 must happen before the 200 header goes out
  const { res } = ctx;
  res.writeHead(200, { ...BASE_HEADERS, ...ctx.headers, 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  let closed = false;
  res.once('close', () => (closed = true));
  for (let offset = 0; !closed; offset += PAGE) {
    const steps = store.getSteps(s.id, { offset, limit: PAGE });
    let chunk = '';
    for (const st of steps) chunk += JSON.stringify(exportLine(st)) + '\n';
    if (chunk && !res.write(redact(chunk))) await drainOrClose(res);
    if (steps.length < PAGE) break;
    await nextTick();
  }
  if (!closed) res.end();
  return undefined;
}

/** Resolves on 'drain' or 'close', removing both listeners, so a long export never piles them up. */
function drainOrClose(res: RequestContext['res']): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
