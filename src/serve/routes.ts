// The route table: which handler answers which method and path. Handlers live in reads.ts
// (GET), runs.ts (POST: start, resume, cancel), exportStream.ts (NDJSON), events.ts (SSE of
// engine events) and snapshots.ts (SSE of session lists).
import type { SessionStore } from '../engine/ports';
import { type KeyPolicy, parseResumeBody, parseRunBody } from './body';
import { type EventsDeps, openEventStream } from './events';
import { streamExport } from './exportStream';
import type { IncomingMessage } from 'node:http';
import { readJsonObject } from './http';
import { listSessions, listSteps, sessionDetail, stepDetail, stepSamples } from './reads';
import { Router } from './router';
import type { RunManager } from './runs';
import { openSnapshotStream, type SnapshotDeps } from './snapshots';

export interface RouteDeps {
  store: SessionStore;
  runs: RunManager;
  keys: KeyPolicy;
  events: EventsDeps;
  snapshots: SnapshotDeps;
  redact: (text: string) => string;
  /** How long a request body may take to arrive (then 408). */
  bodyTimeoutMs: number;
}

export function buildRouter(d: RouteDeps): Router {
  const { store, runs } = d;
  const body = (req: IncomingMessage) => readJsonObject(req, d.bodyTimeoutMs);
  const health = () => ({ status: 'ok', runs: runs.count, event_clients: d.events.hub.clients, snapshot_clients: d.snapshots.streams.size, last_event_seq: d.events.hub.lastSeq });
  return new Router()
    .add('GET', '/health', () => ({ status: 200, body: health() }))
    .add('GET', '/sessions', (ctx) => listSessions(store, ctx, d.snapshots.defaultLimit))
    // Before /sessions/:id, which would otherwise take "stream" for a session id.
    .add('GET', '/sessions/stream', (ctx) => {
      openSnapshotStream(ctx, d.snapshots);
      return undefined;
    })
    .add('POST', '/sessions', async (ctx) => {
      const id = await runs.start(parseRunBody(await body(ctx.req), d.keys));
      return { status: 202, body: { session_id: id }, headers: { Location: `/sessions/${encodeURIComponent(id)}` } };
    })
    .add('GET', '/sessions/:id', (ctx) => sessionDetail(store, ctx))
    .add('POST', '/sessions/:id/resume', async (ctx) => {
      const id = await runs.resume(ctx.params.id, parseResumeBody(await body(ctx.req), d.keys));
      return { status: 202, body: { session_id: id }, headers: { Location: `/sessions/${encodeURIComponent(id)}` } };
    })
    .add('POST', '/sessions/:id/cancel', (ctx) => {
      runs.cancel(ctx.params.id);
      return { status: 202, body: { session_id: ctx.params.id, status: 'cancelling' } };
    })
    .add('GET', '/sessions/:id/steps', (ctx) => listSteps(store, ctx))
    .add('GET', '/sessions/:id/steps/:stepId', (ctx) => stepDetail(store, ctx))
    .add('GET', '/sessions/:id/steps/:stepId/samples', (ctx) => stepSamples(store, ctx))
    .add('GET', '/sessions/:id/export', (ctx) => streamExport(store, ctx, d.redact))
    .add('GET', '/events', (ctx) => {
      // ?session= may name a session not in the store yet: another process's run shows up at its next checkpoint.
      openEventStream(ctx.req, ctx.res, ctx.query, d.events, ctx.headers);
      return undefined;
    });
}
