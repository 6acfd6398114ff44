// How long a rate-limited provider asks us to wait. OpenAI and Anthropic send
// `retry-after-ms` (ms) and/or `retry-after` (seconds, or an HTTP date per RFC 9110);
// Google puts a RetryInfo `retryDelay` ("24s", "1.5s") in the error body instead.

export interface RetryHints {
  retryAfterMs?: string | null;
  retryAfter?: string | null;
  retryDelay?: string;
}

/** The wait in ms the server asked for, or undefined when it gave no usable hint. `now` makes HTTP dates testable. */
export function requestedWaitMs(hints: RetryHints, now: number): number | undefined {
  const ms = parseNumber(hints.retryAfterMs);
  if (ms !== undefined) return ms;
  const header = hints.retryAfter?.trim();
  if (header) {
    const seconds = parseNumber(header);
    if (seconds !== undefined) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const delay = hints.retryDelay?.trim().match(/^(\d+(?:\.\d+)?)s$/);
  if (delay) return Number(delay[1]) * 1000;
  return undefined;
}

function parseNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}
