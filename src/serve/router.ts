// A tiny router: method + path pattern (`/sessions/:id/steps`) to a handler. A path that
// matches some route under another method is a 405 with an Allow header, any other a 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Headers every reply to this request must carry (CORS for an allowed origin). */
  headers: Record<string, string>;
}

/** A JSON reply; handlers that stream (SSE, NDJSON) write to ctx.res themselves and return undefined. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<Reply | undefined> | Reply | undefined;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, parts: split(pattern), handler });
    return this;
  }

  /** The handler and path parameters for a request, or a 404/405 HttpError. */
  resolve(method: string, pathname: string): { handler: Handler; params: Record<string, string> } {
    const parts = split(pathname);
    const allowed: string[] = [];
    for (const r of this.routes) {
      const params = match(r.parts, parts);
      if (!params) continue;
      if (r.method === method) return { handler: r.handler, params };
      allowed.push(r.method);
    }
    if (allowed.length) throw new HttpError(405, `${method} is not allowed on ${pathname} (allowed: ${allowed.join(', ')})`, { Allow: allowed.join(', ') });
    throw new HttpError(404, `no route ${method} ${pathname}`);
  }
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

function match(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) {
      try {
        params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        throw new HttpError(400, `malformed percent-encoding in '${parts[i]}'`);
      }
    } else if (pattern[i] !== parts[i]) {
      return undefined;
    }
  }
  return params;
}
