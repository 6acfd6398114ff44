// Sessions and steps as MCP resources, paged so a million-step session costs one page:
//   microfactory://session/{id}            the session, what its pause asks, and a page of steps
//   microfactory://session/{id}?cursor=C   the next page of steps (the previous page names it)
//   microfactory://session/{id}/step/{n}   the step with id n (a chain's steps are 1..N, a tree's 1, 1.1, 1.2, ...) with its samples
// resources/list pages through the sessions (newest first) with an opaque cursor; it never lists
// steps, which a client would otherwise fetch a million of. The SDK's McpServer aggregates
// resource lists without cursors, so these handlers sit on its underlying Server.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { sampleJson, sessionDetailJson, stepDetailJson } from '../app/json';
import { pauseQuestion } from '../app/pauseQuestion';
import type { McpContext } from './context';

export const SESSION_PAGE = 50;
export const STEP_PAGE = 100;
const MIME = 'application/json';
/** JSON-RPC code for an unknown resource (the MCP spec's). */
const RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;

/** A JSON-RPC error the SDK sends as {code, message} (McpError would prefix its own "MCP error N:" to the message, and the client adds another). */
function rpcError(code: number, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export const sessionUri = (id: string) => `microfactory://session/${encodeURIComponent(id)}`;

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): number {
  if (!cursor) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) return o;
  } catch {
    // fall through: not one of ours
  }
  throw rpcError(INVALID_PARAMS, `invalid cursor '${cursor}'`);
}

export function registerResources(server: McpServer, ctx: McpContext): void {
  const low = server.server;
  low.registerCapabilities({ resources: {} });

  low.setRequestHandler(ListResourcesRequestSchema, (req) => {
    const offset = decodeCursor(req.params?.cursor);
    const sessions = ctx.store.listSessions({ limit: SESSION_PAGE, offset, archived: false });
    return {
      resources: sessions.map((s) => ({
        uri: sessionUri(s.id),
        name: ctx.redact(s.prompt.replace(/\s+/g, ' ').slice(0, 80)),
        description: `${s.domain} session, ${s.status}, ${s.metrics.stepsCompleted}${s.metrics.stepsTotal ? `/${s.metrics.stepsTotal}` : ''} steps`,
        mimeType: MIME,
      })),
      ...(sessions.length === SESSION_PAGE ? { nextCursor: encodeCursor(offset + SESSION_PAGE) } : {}),
    };
  });

  low.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      { uriTemplate: 'microfactory://session/{id}{?cursor}', name: 'session', description: `A session: summary, pause, and ${STEP_PAGE} steps a page (next_page names the next)`, mimeType: MIME },
      { uriTemplate: 'microfactory://session/{id}/step/{n}', name: 'step', description: "A session's step by id (a chain's steps are 1..N, a tree's 1, 1.1, 1.2, ...) with its vote and samples", mimeType: MIME },
    ],
  }));

  low.setRequestHandler(ReadResourceRequestSchema, (req) => {
    const uri = req.params.uri;
    const body = read(ctx, uri);
    return { contents: [{ uri, mimeType: MIME, text: ctx.redact(JSON.stringify(body)) }] };
  });
}

function read(ctx: McpContext, uri: string): object {
  const m = /^microfactory:\/\/session\/([^/?#]+)(?:\/step\/([^/?#]+))?(?:\?cursor=([^&#]*))?$/.exec(uri);
  if (!m) throw rpcError(RESOURCE_NOT_FOUND, `unknown resource ${uri}; resources are microfactory://session/{id} and microfactory://session/{id}/step/{n}`);
  const id = decodeURIComponent(m[1]);
  const s = ctx.store.getSession(id);
  if (!s) throw rpcError(RESOURCE_NOT_FOUND, `no session ${id}`);
  if (m[2] !== undefined) return stepBody(ctx, id, decodeURIComponent(m[2]));
  const offset = decodeCursor(m[3] === undefined ? undefined : decodeURIComponent(m[3]));
  const detail = sessionDetailJson(ctx.store, s, { offset, limit: STEP_PAGE });
  const next = offset + detail.steps_listed < detail.steps_stored ? encodeCursor(offset + detail.steps_listed) : null;
  return {
    ...detail,
    pause: pauseQuestion(ctx.store, id, { trusted: ctx.trusted }),
    steps_offset: offset,
    next_cursor: next,
    next_page: next ? `${sessionUri(id)}?cursor=${next}` : null,
  };
}

function stepBody(ctx: McpContext, sessionId: string, stepId: string): object {
  const st = findStep(ctx, sessionId, stepId);
  if (!st) throw rpcError(RESOURCE_NOT_FOUND, `no step ${stepId} in session ${sessionId} (step ids: 1, 2, ... in a chain; 1, 1.1, 1.2, ... in a tree)`);
  return { session_id: sessionId, ...stepDetailJson(st), samples: ctx.store.getSamples(sessionId, st.id).map(sampleJson) };
}

/**
 * A chain's step n is its n-th step: found by position, which the store answers from one sealed
 * segment, where a lookup by id searches the segments one by one (seconds at a million steps).
 */
function findStep(ctx: McpContext, sessionId: string, stepId: string) {
  const n = /^[1-9]\d*$/.test(stepId) ? Number(stepId) : NaN;
  if (ctx.store.getSession(sessionId)?.flow === 'chain' && Number.isSafeInteger(n)) {
    const [st] = ctx.store.getSteps(sessionId, { offset: n - 1, limit: 1 });
    if (st?.id === stepId) return st;
  }
  return ctx.store.getStep(sessionId, stepId);
}
