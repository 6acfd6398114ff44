// Translation of SDK errors into ProviderError. openai and @anthropic-ai/sdk are generated
// from the same template (Stainless), so their APIError shares one shape: status, headers,
// and the parsed error body. @google/genai differs and has its own reader in gemini.ts.
import { ProviderError, excerpt, isTransportFailure, objectField, stringField } from './errors';
import { redactSecrets } from './redact';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface StainlessErrorClasses {
  APIError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIUserAbortError: ErrorClass;
}

/**
 * Returns what a provider client should throw for `err`: a ProviderError when it is a
 * provider or transport failure, otherwise `err` unchanged (aborts, our own bugs), so the
 * retry layer only ever retries what it understands.
 */
export function fromStainlessError(provider: string, err: unknown, classes: StainlessErrorClasses, secrets: string[]): unknown {
  if (err instanceof classes.APIUserAbortError) return err;
  if (err instanceof classes.APIConnectionError) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
    return new ProviderError({ provider, kind: 'network', detail: redactSecrets(why, secrets) });
  }
  if (err instanceof classes.APIError) {
    const status = (err as { status?: unknown }).status;
    if (typeof status !== 'number') return new ProviderError({ provider, kind: 'network', detail: redactSecrets(err.message, secrets) });
    const body: unknown = (err as { error?: unknown }).error;
    const nested = objectField(body, 'error'); // Anthropic keeps the whole body; OpenAI only its `error` member
    const codes = [
      stringField(err, 'code'), stringField(err, 'type'), stringField(err, 'errorCode'),
      stringField(body, 'code'), stringField(body, 'type'), stringField(nested, 'code'), stringField(nested, 'type'),
    ].filter((c): c is string => !!c && c !== 'error');
    const detail = stringField(nested, 'message') ?? stringField(body, 'message') ?? err.message;
    const headers = (err as { headers?: unknown }).headers;
    const get = (name: string) => (headers instanceof Headers ? headers.get(name) : null);
    return new ProviderError({
      provider, kind: 'http', status, codes: [...new Set(codes)],
      detail: redactSecrets(excerpt(detail, 400), secrets),
      retryAfterMs: get('retry-after-ms'), retryAfter: get('retry-after'),
    });
  }
  // A 2xx body that is not JSON makes the SDK's response.json() throw a SyntaxError.
  if (err instanceof SyntaxError) return new ProviderError({ provider, kind: 'malformed', detail: redactSecrets(excerpt(err.message), secrets) });
  if (isTransportFailure(err)) return new ProviderError({ provider, kind: 'network', detail: redactSecrets((err as Error).message, secrets) });
  return err;
}
