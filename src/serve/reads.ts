// The read-only routes: sessions and their steps and samples, in the shapes `status --json`
// prints. Paging is explicit (offset/limit) with caps, so no request can make the server build
// a million-step reply; NDJSON export is the way to read everything.
import { sessionDetailJson, sessionListJson, stepJson } from '../app/json';
import type { SessionRecord, SessionStatus } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { HttpError, intParam } from './http';
import type { Reply, RequestContext } from './router';
import { sampleJson, stepDetailJson } from './shapes';

const STATUSES: readonly SessionStatus[] = ['running', 'paused', 'completed', 'failed', 'cancelled'];
/** The most rows one reply lists (sessions or steps); export streams the rest. */
export const MAX_PAGE = 5000;

/** GET /sessions?limit=N&offset=M&status=a,b → `{ sessions }`, as `status --json --limit N`. */
export function listSessions(store: SessionStore, ctx: RequestContext, defaultLimit: number): Reply {
  return { status: 200, body: sessionLister(store, ctx.query, defaultLimit)() };
}

/**
 * Checks GET /sessions' query once (400 when malformed) and returns what reads that page, now
 * or on every tick of /sessions/stream. `limit` absent or 0 means the server's --limit, as the
 * original tool's serve did.
 */
export function sessionLister(store: SessionStore, query: URLSearchParams, defaultLimit: number): () => ReturnType<typeof sessionListJson> {
  const limit = intParam(query, 'limit', defaultLimit, { min: 0, max: MAX_PAGE }) || defaultLimit;
  const offset = intParam(query, 'offset', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
  const statuses = statusFilter(query.get('status'));
  const archived = archivedParam(query.get('all'));
  if (!statuses) return () => sessionListJson(store.listSessions({ limit, offset, archived }));
  return () => sessionListJson(withStatus(store, statuses, limit, offset, archived));
}

/** ?all=1 lists archived sessions too (as `status --all`); by default they are left out. */
function archivedParam(all: string | null): false | undefined {
  if (all === null || all === '0' || all === 'false') return false;
  if (all === '1' || all === 'true' || all === '') return undefined;
  throw new HttpError(400, `all must be 1 or 0, got '${all}'`);
}

/** The store has no status filter: page through newest first and keep the matches. */
function withStatus(store: SessionStore, statuses: Set<string>, limit: number, offset: number, archived: false | undefined): SessionRecord[] {
  const out: SessionRecord[] = [];
  let skipped = 0;
  for (let at = 0; out.length < limit; at += MAX_PAGE) {
    const page = store.listSessions({ limit: MAX_PAGE, offset: at, archived });
    for (const s of page) {
      if (!statuses.has(s.status)) continue;
      if (skipped < offset) skipped++;
      else if (out.length < limit) out.push(s);
    }
    if (page.length < MAX_PAGE) break;
  }
  return out;
}

/** GET /sessions/:id?offset&limit → `status --session-id ID --json` (steps default to the first 200). */
export function sessionDetail(store: SessionStore, ctx: RequestContext): Reply {
  const s = session(store, ctx.params.id);
  const limit = intParam(ctx.query, 'limit', 200, { min: 0, max: MAX_PAGE });
  const offset = intParam(ctx.query, 'offset', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
  return { status: 200, body: sessionDetailJson(store, s, { offset, limit }) };
}

/**
 * GET /sessions/:id/steps?parent=&offset&limit → `{ steps, offset, limit, total }`.
 * `parent` absent: every step in order; `parent=` or `parent=null`: root steps; else that step's children.
 */
export function listSteps(store: SessionStore, ctx: RequestContext): Reply {
  const s = session(store, ctx.params.id);
  const limit = intParam(ctx.query, 'limit', 200, { min: 0, max: MAX_PAGE });
  const offset = intParam(ctx.query, 'offset', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
  const raw = ctx.query.get('parent');
  const parentId = raw === null ? undefined : raw === '' || raw === 'null' ? null : raw;
  if (typeof parentId === 'string' && !store.getStep(s.id, parentId)) throw new HttpError(404, `no step ${parentId} in session ${s.id}`);
  const steps = store.getSteps(s.id, { parentId, offset, limit });
  return { status: 200, body: { steps: steps.map(stepJson), offset, limit, total: store.countSteps(s.id, { parentId }) } };
}

/** GET /sessions/:id/steps/:stepId → the step with its winner, output and tally. */
export function stepDetail(store: SessionStore, ctx: RequestContext): Reply {
  const s = session(store, ctx.params.id);
  const st = store.getStep(s.id, ctx.params.stepId);
  if (!st) throw new HttpError(404, `no step ${ctx.params.stepId} in session ${s.id}`);
  return { status: 200, body: stepDetailJson(st) };
}

/** GET /sessions/:id/steps/:stepId/samples → `{ samples }` (the store's retention policy may have dropped old bodies). */
export function stepSamples(store: SessionStore, ctx: RequestContext): Reply {
  const s = session(store, ctx.params.id);
  const st = store.getStep(s.id, ctx.params.stepId);
  if (!st) throw new HttpError(404, `no step ${ctx.params.stepId} in session ${s.id}`);
  return { status: 200, body: { step_id: st.id, samples: store.getSamples(s.id, st.id).map(sampleJson) } };
}

export function session(store: SessionStore, id: string): SessionRecord {
  const s = store.getSession(id);
  if (!s) throw new HttpError(404, `no session ${id}`);
  return s;
}

function statusFilter(raw: string | null): Set<string> | undefined {
  if (raw === null) return undefined;
  const wanted = raw.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = wanted.filter((x) => !(STATUSES as readonly string[]).includes(x));
  if (!wanted.length || bad.length) throw new HttpError(400, `query parameter 'status' must list session statuses (${STATUSES.join(', ')}), got '${raw}'`);
  return new Set(wanted);
}
