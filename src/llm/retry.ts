// One retry policy for every provider (the SDKs' own retries are off, so they don't
// multiply with it). A MAKER run makes thousands of small calls over hours, so a failure
// must either be waited out cheaply or turned into a pause that loses nothing:
//   429                 wait as asked (retry-after-ms / retry-after / RetryInfo) up to a cap;
//                       beyond the cap or after the rate-limit budget: LlmPauseError('rate_limited')
//   quota / billing     LlmPauseError('quota') at once: waiting won't refill a balance
//   401 / 403           LlmRefusedError (a provider_error pause) naming the base URL and the key variable
//   other 4xx           LlmRefusedError with the provider's message
//                       (a pause, not a failure: the race keeps the votes it paid for, and
//                       `resume` goes on once the key or the request is fixed)
//   5xx, 529, timeout,  jittered exponential backoff, then LlmUnavailableError
//   reset, garbage body
//   caller's abort      rethrown at once, never retried
import { LlmPauseError, type Clock, type LlmClient, type LlmRequest, type LlmResponse, type Logger, type Random } from '../engine/ports';
import { classify } from './classify';
import { systemClock } from './clock';
import { LlmRefusedError, LlmUnavailableError, ProviderError, abortReason } from './errors';
import { keyHint } from './providerInfo';
import { requestedWaitMs } from './retryAfter';

export interface RetryOptions {
  clock?: Clock;
  /** Jitter source; seeded in tests. */
  random?: Random;
  logger?: Logger;
  /** Per-attempt timeout, ms (default 120 000). */
  timeoutMs?: number;
  /** Attempts in all for transient failures (5xx, 529, timeouts, resets), first one included (default 5). */
  maxAttempts?: number;
  /** First backoff delay, ms, doubled per failure (default 500). */
  baseDelayMs?: number;
  /** Longest backoff delay, ms (default 30 000). */
  maxDelayMs?: number;
  /** Longest rate-limit wait honoured inside a run, ms (default 60 000); longer asks pause the session. */
  rateLimitCapMs?: number;
  /** Wait before retrying a 429 that gave no hint, ms, doubled per 429 up to rateLimitCapMs (default 2 000). */
  rateLimitBaseDelayMs?: number;
  /** 429s in a row waited out before pausing (default 6). */
  maxRateLimitRetries?: number;
  /** Garbage 2xx bodies retried before giving up (default 2). */
  malformedRetries?: number;
  /** Told before each wait, e.g. to show "rate limited, retrying in 20 s". */
  onRetry?: (info: RetryInfo) => void;
  /** The server the client talks to, named when it refuses the key or the request. */
  baseUrl?: string;
}

export interface RetryInfo {
  provider: string;
  model: string;
  reason: 'rate_limited' | 'transient' | 'timeout' | 'malformed';
  /** Failures of this kind so far, for this call. */
  failures: number;
  waitMs: number;
  detail: string;
}

/** Why an attempt was abandoned by our own timer (as opposed to the caller's abort). */
class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
  }
}

export class RetryingClient implements LlmClient {
  private readonly clock: Clock;
  private readonly o: Required<Omit<RetryOptions, 'clock' | 'random' | 'logger' | 'onRetry' | 'baseUrl'>>;

  constructor(private readonly inner: LlmClient, private readonly opts: RetryOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.o = {
      timeoutMs: opts.timeoutMs ?? 120_000,
      maxAttempts: Math.max(1, opts.maxAttempts ?? 5),
      baseDelayMs: opts.baseDelayMs ?? 500,
      maxDelayMs: opts.maxDelayMs ?? 30_000,
      rateLimitCapMs: opts.rateLimitCapMs ?? 60_000,
      rateLimitBaseDelayMs: opts.rateLimitBaseDelayMs ?? 2_000,
      maxRateLimitRetries: opts.maxRateLimitRetries ?? 6,
      malformedRetries: opts.malformedRetries ?? 2,
    };
  }

  async complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const count = { transient: 0, rate: 0, malformed: 0 };
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      try {
        return await this.attempt(request, signal);
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        const waitMs = this.decide(err, request, count);
        await this.clock.sleep(waitMs, signal);
      }
    }
  }

  /** Returns how long to wait before the next attempt, or throws what the caller should see. */
  private decide(err: unknown, request: LlmRequest, count: { transient: number; rate: number; malformed: number }): number {
    const { provider, model } = request;
    if (err instanceof AttemptTimeout) {
      count.transient++;
      return this.backoffOrGiveUp(request, 'timeout', count.transient, `${provider} gave ${err.message}`);
    }
    if (!(err instanceof ProviderError)) throw err;
    const verdict = classify(err);
    const status = err.status !== undefined ? ` (HTTP ${err.status})` : '';
    switch (verdict.action) {
      case 'quota':
        throw new LlmPauseError('quota', `${provider} reports an exhausted quota or billing problem${status}: ${trimStop(err.detail)}. Add credits or raise the limit in your ${provider} account, then resume the session.`);
      case 'auth':
        throw new LlmRefusedError(`${provider}${this.at()} rejected the API key${status}: ${keyHint(provider)}, then resume the session. The server said: ${err.detail}`, 'key');
      case 'bad_request':
        throw new LlmRefusedError(`${provider}${this.at()} rejected the request for model ${model}${status}: ${trimStop(err.detail)}. Fix the model or the request (--llm-model, --base-url, the domain's settings), then resume the session.`);
      case 'rate_limited':
        count.rate++;
        return this.rateLimitWait(err, request, count.rate);
      case 'malformed':
        count.malformed++;
        if (count.malformed > this.o.malformedRetries) {
          throw new LlmUnavailableError(`${provider} sent ${count.malformed} unreadable replies in a row for model ${model}; is the base URL an LLM API? Last: ${err.detail}`, provider, count.malformed);
        }
        return this.announce(request, 'malformed', count.malformed, this.backoffDelay(count.malformed, this.o.baseDelayMs, this.o.maxDelayMs), err.detail);
      case 'transient':
        count.transient++;
        return this.backoffOrGiveUp(request, 'transient', count.transient, err.message);
    }
  }

  /** " at <base URL>", when the client was told it. */
  private at(): string {
    return this.opts.baseUrl ? ` at ${this.opts.baseUrl}` : '';
  }

  private rateLimitWait(err: ProviderError, request: LlmRequest, failures: number): number {
    const now = this.clock.now();
    const asked = requestedWaitMs(err, now);
    const provider = request.provider;
    if (asked !== undefined && asked > this.o.rateLimitCapMs) {
      const at = new Date(now + asked).toISOString();
      throw new LlmPauseError('rate_limited', `${provider} is rate limiting and asks to wait ${formatSeconds(asked)} (more than the ${formatSeconds(this.o.rateLimitCapMs)} waited within a run). Resume the session after ${at}.`, at);
    }
    if (failures > this.o.maxRateLimitRetries) {
      const at = new Date(now + (asked ?? this.o.rateLimitCapMs)).toISOString();
      throw new LlmPauseError('rate_limited', `${provider} kept rate limiting (${failures} times in a row, last: ${err.detail}). Resume the session after ${at}, or lower --max-concurrent-llm.`, at);
    }
    // No hint: per-minute windows are the norm, so back off in seconds rather than in the 5xx steps.
    const wait = asked ?? this.backoffDelay(failures, this.o.rateLimitBaseDelayMs, this.o.rateLimitCapMs);
    return this.announce(request, 'rate_limited', failures, wait, err.detail);
  }

  private backoffOrGiveUp(request: LlmRequest, reason: 'transient' | 'timeout', failures: number, detail: string): number {
    if (failures >= this.o.maxAttempts) {
      throw new LlmUnavailableError(`${request.provider} failed ${failures} times in a row for model ${request.model}; last: ${detail}`, request.provider, failures);
    }
    return this.announce(request, reason, failures, this.backoffDelay(failures, this.o.baseDelayMs, this.o.maxDelayMs), detail);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so parallel callers spread out. */
  private backoffDelay(failures: number, baseMs: number, capMs: number): number {
    const full = Math.min(capMs, baseMs * 2 ** (failures - 1));
    const r = this.opts.random?.next() ?? Math.random();
    return Math.round(full / 2 + (r * full) / 2);
  }

  private announce(request: LlmRequest, reason: RetryInfo['reason'], failures: number, waitMs: number, detail: string): number {
    this.opts.logger?.warn(`${request.provider}/${request.model}: ${reason} (${failures}): ${detail}; retrying in ${formatSeconds(waitMs)}`);
    this.opts.onRetry?.({ provider: request.provider, model: request.model, reason, failures, waitMs, detail });
    return waitMs;
  }

  /**
   * One call bounded by our timeout. The inner client gets a signal that fires on either
   * the caller's abort or the timeout, so in-flight HTTP is torn down; the race also
   * returns on time from a client that ignores its signal.
   */
  private async attempt(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const ctl = new AbortController();
    const onCallerAbort = () => ctl.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = new AbortController();
    let timedOut = false;
    this.clock.sleep(this.o.timeoutMs, timer.signal).then(
      () => {
        timedOut = true;
        ctl.abort(new AttemptTimeout(this.o.timeoutMs));
      },
      () => undefined,
    );
    const stopped = new Promise<never>((_resolve, reject) => {
      ctl.signal.addEventListener('abort', () => reject(ctl.signal.reason), { once: true });
    });
    const call = this.inner.complete(request, ctl.signal);
    // Whichever loses the race may reject later; nobody awaits it then.
    call.catch(() => undefined);
    stopped.catch(() => undefined);
    try {
      return await Promise.race([call, stopped]);
    } catch (err) {
      if (timedOut && !signal?.aborted) throw new AttemptTimeout(this.o.timeoutMs);
      throw err;
    } finally {
      timer.abort();
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

export function withRetry(inner: LlmClient, opts?: RetryOptions): LlmClient {
  return new RetryingClient(inner, opts);
}

/** "details." → "details", so a sentence can follow the server's message. */
function trimStop(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)} s`;
}
