// GET /events: the SSE stream. Replays what a reconnecting client missed (Last-Event-ID, from
// the hub's bounded ring), then delivers live events, with a `: ping` comment every heartbeat
// so idle proxies keep the connection open and dead clients are noticed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionMetrics } from '../engine/model';
import { HttpError, startSse } from './http';
import type { EventHub } from './hub';
import { type SseFilter, SseClient } from './sse';
import type { ServeEvent } from './wire';

export interface EventsDeps {
  hub: EventHub;
  metricsOf: (sessionId: string) => SessionMetrics | undefined;
  heartbeatMs: number;
  /** Open streams, so shutdown can end them (they never end on their own). */
  streams: Set<ServerResponse>;
}

export function openEventStream(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, deps: EventsDeps, headers: Record<string, string> = {}): void {
  const filter = eventFilter(query);
  // EventSource sends Last-Event-ID on reconnect; the query form lets curl and first connections ask too.
  const lastId = headerValue(req.headers['last-event-id']) ?? query.get('last_event_id') ?? undefined;
  startSse(res, headers);
  const client = new SseClient(res, { filter, metricsOf: deps.metricsOf });
  client.comment('connected');
  res.write('retry: 2000\n\n');
  if (lastId !== undefined && lastId !== '') {
    const replay = deps.hub.replay(lastId);
    if (replay.kind === 'resync') client.control('resync', { reason: replay.reason, last_event_id: lastId });
    // Replay and subscribe in the same tick: publish() is synchronous, so no event slips between them.
    client.replay(replay.entries);
  }
  const unsubscribe = deps.hub.subscribe(client);
  deps.streams.add(res);
  const ping = setInterval(() => client.comment('ping'), deps.heartbeatMs);
  ping.unref();
  res.on('close', () => {
    clearInterval(ping);
    unsubscribe();
    deps.streams.delete(res);
  });
}

// A Record keyed by the union makes the compiler flag an event type added to the engine but not here.
const TYPES: Record<ServeEvent['type'], true> = {
  session_started: true, verifier_chosen: true, baseline: true, step_started: true, sample_drawn: true, red_flagged: true, vote_decided: true, decomposed: true,
  change_planned: true, change_applied: true, verified: true, paused: true, step_completed: true, step_failed: true,
  metrics: true, budget_warning: true, log: true, session_finished: true, session_updated: true,
};
const EVENT_TYPES = new Set(Object.keys(TYPES));

/** ?session=ID narrows to one session; ?types=a,b to some event types (a dashboard rarely wants every sample_drawn). */
function eventFilter(query: URLSearchParams): SseFilter {
  const session = query.get('session') ?? undefined;
  if (session === '') throw new HttpError(400, "query parameter 'session' must not be empty");
  const typesParam = query.get('types');
  if (typesParam === null) return { session };
  const types = new Set(typesParam.split(',').map((t) => t.trim()).filter(Boolean));
  const unknown = [...types].filter((t) => !EVENT_TYPES.has(t));
  if (unknown.length || types.size === 0) throw new HttpError(400, `query parameter 'types' lists unknown event types: ${unknown.join(', ') || '(none given)'}; known: ${[...EVENT_TYPES].join(', ')}`);
  return { session, types };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
