// Small node:http helpers shared by the routes: JSON replies, typed HTTP errors, body reading
// with a size cap and a deadline, SSE headers, and query parameters checked up front so a typo
// is a 400, never a NaN.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that maps to one HTTP status and a one-line `{ "error": message }` body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Headers every reply carries: API data is live, never cached, never sniffed as HTML. */
export const BASE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** The client went away before its request was complete (an aborted upload): there is nobody to answer. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before its request body arrived');
    this.name = 'ClientGone';
  }
}

/** Request bodies are small JSON objects; a cap keeps a hostile client from filling memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Starts a Server-Sent Events reply (GET /events, GET /sessions/stream). */
export function startSse(res: ServerResponse, headers: Record<string, string>): void {
  // X-Accel-Buffering: a proxy such as nginx would otherwise hold frames back until its buffer fills.
  res.writeHead(200, { ...BASE_HEADERS, ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.socket?.setNoDelay(true);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * The request body, within `timeoutMs` from the first read: a client that declares a
 * Content-Length and then goes silent gets a 408 (and the connection is closed) instead of
 * holding a socket and a handler forever. An aborted upload rejects with ClientGone.
 */
export function readBody(req: IncomingMessage, timeoutMs: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
  // Stays attached: a late 'error' from a socket reset must never become an uncaught exception.
  req.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (e?: Error): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onClose);
      if (e) reject(e);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) finish(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish();
    const onGone = (): void => finish(new ClientGone());
    const onClose = (): void => (req.complete ? undefined : onGone());
    const timer = setTimeout(() => finish(new HttpError(408, `the request body did not arrive within ${timeoutMs} ms`, { Connection: 'close' })), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onClose);
  });
}

/**
 * The body as a JSON object ({} when empty). Requiring `application/json` for a non-empty body
 * matters for safety, not style: a browser page can send a cross-site text/plain POST without a
 * CORS preflight, but never an application/json one.
 */
export async function readJsonObject(req: IncomingMessage, timeoutMs: number): Promise<Record<string, unknown>> {
  const text = await readBody(req, timeoutMs);
  if (text.trim() === '') return {};
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, `send the body as Content-Type: application/json (got '${type || 'none'}')`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `invalid JSON body: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'the JSON body must be an object');
  return value as Record<string, unknown>;
}

/** An integer query parameter, or `fallback` when absent; 400 when malformed or out of range. */
export function intParam(query: URLSearchParams, name: string, fallback: number, opts: { min: number; max: number }): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < opts.min || n > opts.max) {
    throw new HttpError(400, `query parameter '${name}' must be an integer from ${opts.min} to ${opts.max}, got '${raw}'`);
  }
  return n;
}
