// What a failed call means for the session, decided from a ProviderError alone so it can be
// tested without HTTP. retry.ts acts on the verdict.
import { ProviderError } from './errors';

export type Verdict =
  /** Wait (as asked, when the server said how long) and try again, within the rate-limit budget. */
  | { action: 'rate_limited' }
  /** Out of money or quota: waiting minutes won't help, so pause at once. */
  | { action: 'quota' }
  /** The key was refused: the user must fix it. */
  | { action: 'auth' }
  /** The request itself is wrong (unknown model, bad parameter, prompt too long): the user must fix it. */
  | { action: 'bad_request' }
  /** Server trouble (5xx, 529, 408, reset): back off and try again. */
  | { action: 'transient' }
  /** A garbage 2xx body: try again a few times. */
  | { action: 'malformed' };

/** Codes and wording of an exhausted balance, as OpenAI, Anthropic, Google and xAI put them. */
const QUOTA_CODES = /^(insufficient_quota|billing_error|billing_not_active|billing_hard_limit_reached|access_terminated)$/i;
// Not a bare "billing": OpenAI's ordinary rate-limit text suggests "adding a payment method ... /account/billing".
const QUOTA_WORDS = /exceeded your current quota|credit balance is too low|purchase credits|billing details|billing (?:hard )?limit|billing is not active|spending limit|out of credits|no credits|insufficient (?:quota|balance|funds)/i;

export function classify(err: ProviderError): Verdict {
  if (err.kind === 'network') return { action: 'transient' };
  if (err.kind === 'malformed') return { action: 'malformed' };
  const status = err.status ?? 0;
  const codes = err.codes;

  if (codes.some((c) => QUOTA_CODES.test(c))) return { action: 'quota' };
  if (codes.includes('RESOURCE_EXHAUSTED') || status === 429) return rateOrQuota(err);
  // Anthropic says "credit balance is too low" with a 400, xAI "no credits" with a 403, some proxies use 402.
  if ((status === 400 || status === 402 || status === 403) && QUOTA_WORDS.test(err.detail)) return { action: 'quota' };
  if (status === 402) return { action: 'quota' };
  if (status === 401 || status === 403) return { action: 'auth' };
  // Gemini answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID.
  if (codes.includes('API_KEY_INVALID') || /api key not valid|invalid api key|incorrect api key/i.test(err.detail)) return { action: 'auth' };
  if (status === 408 || status === 409 || status === 425 || status >= 500) return { action: 'transient' };
  if (status >= 400) return { action: 'bad_request' };
  return { action: 'transient' };
}

/**
 * A 429 is usually a per-minute limit (worth waiting for), but OpenAI reports an empty
 * balance as 429 insufficient_quota, and Google words even per-minute limits as "exceeded
 * your current quota" — so Google's quota ids and retry hints decide before the wording.
 */
function rateOrQuota(err: ProviderError): Verdict {
  const ids = err.codes.join(' ');
  if (/PerDay/i.test(ids)) return { action: 'quota' };
  if (/PerMinute|PerSecond/i.test(ids) || err.retryDelay || err.retryAfter || err.retryAfterMs) return { action: 'rate_limited' };
  if (QUOTA_WORDS.test(err.detail)) return { action: 'quota' };
  return { action: 'rate_limited' };
}
