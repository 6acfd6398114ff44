// Keys must never reach the store, logs, events or JSON output, and error messages flow to
// all of them. SDK and server error text can echo a key back ("Incorrect API key provided:
// sk-..."), so every message that leaves src/llm passes through here.

/** Shapes of provider keys, caught even when we don't know the exact key (e.g. one echoed from another source). */
const KEY_SHAPES: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI, Anthropic (sk-ant-...), many compatible servers
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\bxai-[A-Za-z0-9_-]{8,}/g, // xAI
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:x-api-key|x-goog-api-key|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s"',;]{6,}/gi,
];

export const REDACTED = '[redacted]';

/** Replaces every known secret and every key-shaped token in `text`. Short secrets (< 6 chars) are skipped: replacing them would mangle ordinary words. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  for (const shape of KEY_SHAPES) {
    out = out.replace(shape, (match: string, prefix?: unknown) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED));
  }
  return out;
}

/**
 * Returns `err` with its message redacted. Our own error classes are rebuilt in place (their
 * message is a plain own property), so `instanceof` checks and fields like `trigger` survive.
 */
export function redactError(err: unknown, secrets: Iterable<string | undefined>, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const list = [...secrets];
  const clean = redactSecrets(err.message, list);
  if (clean !== err.message) {
    try {
      Object.defineProperty(err, 'message', { value: clean, configurable: true, writable: true, enumerable: false });
    } catch {
      return new Error(clean);
    }
  }
  if (err.stack) {
    const stack = redactSecrets(err.stack, list);
    if (stack !== err.stack) Object.defineProperty(err, 'stack', { value: stack, configurable: true, writable: true, enumerable: false });
  }
  // The cause chain carries the raw SDK error, whose text may hold the key too.
  const cause: unknown = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    if (depth < 4) redactError(cause, list, depth + 1);
    else Object.defineProperty(err, 'cause', { value: undefined, configurable: true, writable: true, enumerable: false });
  }
  return err;
}
