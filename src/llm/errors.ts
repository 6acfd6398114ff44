// One error shape for every provider. Each SDK throws its own classes (openai's APIError,
// Anthropic's APIError, @google/genai's ApiError, undici's "fetch failed"); the provider
// files translate them into a ProviderError so that the retry policy (retry.ts) decides on
// plain data and never imports an SDK.
import { LlmPauseError } from '../engine/ports';

export type ProviderErrorKind =
  /** The server answered with a non-2xx status. */
  | 'http'
  /** No usable answer on the wire: refused, reset, DNS, socket closed mid-body. */
  | 'network'
  /** A 2xx answer whose body was not the JSON the wire format promises. */
  | 'malformed';

export interface ProviderErrorInit {
  provider: string;
  kind: ProviderErrorKind;
  status?: number;
  /** Machine-readable codes from the body: OpenAI code/type, Anthropic type, Google status and quota ids. */
  codes?: string[];
  /** The server's human-readable message, already redacted of secrets. */
  detail: string;
  /** Raw rate-limit hints, interpreted by retryAfter.ts against the session clock. */
  retryAfterMs?: string | null;
  retryAfter?: string | null;
  /** Google's RetryInfo.retryDelay ("24s", "1.5s") from the error details. */
  retryDelay?: string;
}

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly codes: string[];
  readonly detail: string;
  readonly retryAfterMs?: string | null;
  readonly retryAfter?: string | null;
  readonly retryDelay?: string;

  constructor(init: ProviderErrorInit) {
    const where = init.kind === 'http' ? `HTTP ${init.status}` : init.kind === 'network' ? 'connection failed' : 'malformed response';
    super(`${init.provider}: ${where}: ${init.detail}`);
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.codes = init.codes ?? [];
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
    this.retryAfter = init.retryAfter;
    this.retryDelay = init.retryDelay;
  }
}

/**
 * Thrown when transient failures (5xx, 529, timeouts, resets, garbage bodies) outlast the
 * retry budget. Neither a pause nor a config error: the provider is down, and the engine
 * decides whether that fails the step or the session.
 */
/**
 * A provider that keeps failing (5xx, resets, garbage) after every retry pauses the session
 * rather than failing it: nothing done so far is lost, and `resume` tries again later.
 */
export class LlmUnavailableError extends LlmPauseError {
  constructor(
    message: string,
    readonly provider: string,
    readonly attempts: number,
  ) {
    super('provider_error', message);
    this.name = 'LlmUnavailableError';
  }
}

/**
 * The provider refused the key (401/403) or the request (400): the user must fix it. Inside a run
 * it pauses the session (provider_error), so the race keeps the votes it paid for and `resume`
 * goes on once fixed; outside a run (a probe) it is a configuration error.
 */
export class LlmRefusedError extends LlmPauseError {
  constructor(
    message: string,
    /** What was refused: the key (401/403) or the request (400 and other 4xx). */
    readonly refused: 'key' | 'request' = 'request',
  ) {
    super('provider_error', message);
    this.name = 'LlmRefusedError';
  }
}

/** The error an aborted call rejects with: the signal's own reason when it is an Error, so callers can tell it apart. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** Reads a string field from an unknown JSON value without trusting its shape. */
export function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

/** Reads an object field from an unknown JSON value. */
export function objectField(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<string, unknown>)[key];
}

/**
 * Node's fetch reports transport failures as `TypeError: fetch failed` with the socket
 * error as `cause`; a body cut mid-stream surfaces as a TypeError or "terminated". These
 * deserve retries like a 5xx, unlike programming errors, so recognise them by name/code.
 */
export function isTransportFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const codes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    if (/fetch failed|terminated|socket hang up|other side closed/i.test(e.message)) return true;
  }
  return false;
}

/** A short excerpt of a body for error messages, so a huge HTML error page doesn't flood the log. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
