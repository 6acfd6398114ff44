// Who may talk to the server. Three independent guards, because loopback alone is not enough:
// - a bearer token (required to listen beyond loopback), compared in constant time;
// - the Host header, when there is no token: a web page can make a browser send requests to
//   127.0.0.1 under its own DNS name (DNS rebinding), and only the Host header shows it;
// - the Origin header: browsers send it on cross-site requests, and only --allow-origin
//   origins are answered (with CORS headers); others get 403 before any handler runs.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../app/loopback';
import { HttpError } from './http';

export { isLoopbackHost };

export interface AccessPolicy {
  token?: string;
  allowedOrigins: ReadonlySet<string>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The CORS headers for this request (none for non-browser clients); 403 for an origin not allowed. */
export function corsFor(req: IncomingMessage, policy: AccessPolicy): Record<string, string> {
  const origin = req.headers.origin;
  return origin !== undefined ? corsHeaders(origin, policy) : {};
}

/** Throws 401/403 unless the request may proceed. */
export function authorize(req: IncomingMessage, policy: AccessPolicy): void {
  if (policy.token !== undefined) {
    // Preflights carry no credentials by design; they are answered by the router with CORS headers only.
    if (req.method !== 'OPTIONS') checkToken(req, policy.token);
  } else {
    const host = hostOf(req.headers.host);
    if (host === undefined || !isLoopbackHost(host)) throw new HttpError(403, `Host '${req.headers.host ?? ''}' is not allowed: without --token the server only answers requests addressed to localhost`);
  }
}

function corsHeaders(origin: string, policy: AccessPolicy): Record<string, string> {
  if (!policy.allowedOrigins.has(origin)) throw new HttpError(403, `Origin '${origin}' is not allowed (start the server with --allow-origin ${origin})`);
  return {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Max-Age': '600',
  };
}

function checkToken(req: IncomingMessage, token: string): void {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  // Hashing both sides gives equal lengths, which timingSafeEqual requires, without leaking the token's length.
  if (!m || !timingSafeEqual(digest(m[1].trim()), digest(token))) {
    throw new HttpError(401, 'missing or wrong bearer token (send Authorization: Bearer <token>)', { 'WWW-Authenticate': 'Bearer' });
  }
}

function hostOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return undefined;
  }
}
