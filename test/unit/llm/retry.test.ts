// Every fault the server can inject, through the retry layer and each provider's real SDK.
// The clock is scaled (1 virtual second = 10 real ms), so waits are honoured but fast.
import assert from 'node:assert/strict';
import { LlmPauseError } from '../../../src/engine/ports';
import { LlmUnavailableError } from '../../../src/llm/errors';
import type { BuiltinProvider } from '../../../src/llm/providerInfo';
import { createProviderClient } from '../../../src/llm/providers';
import { RetryingClient, type RetryOptions } from '../../../src/llm/retry';
import { LlmServer, type WireProvider } from '../../support/llmServer';
import { ScaledClock, rejectionOf, request } from './helpers';

const KEYS: Record<WireProvider, string> = {
  openai: 'sk-retrytest-openai-0123456789',
  anthropic: 'sk-ant-retrytest-0123456789',
  gemini: 'AIzaRetryTestGeminiKey0123456789',
};
/** 10 s real at the 0.01 scale: generous, because a loaded CI machine can be slow to answer even locally. */
const TIMEOUT = 1_000_000;
const waits = (clock: ScaledClock) => clock.sleeps.filter((ms) => ms !== TIMEOUT);
const ENV_VAR: Record<WireProvider, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', gemini: 'GEMINI_API_KEY' };

for (const provider of ['openai', 'anthropic', 'gemini'] as const) {
  describe(`llm retry policy: ${provider}`, () => {
    let server: LlmServer;
    let clock: ScaledClock;

    before(async () => {
      server = await LlmServer.start();
    });
    after(() => server.close());
    beforeEach(() => {
      server.reset();
      clock = new ScaledClock(0.01);
    });

    function client(over: RetryOptions = {}): RetryingClient {
      const inner = createProviderClient(provider as BuiltinProvider, { apiKey: KEYS[provider], baseUrl: server.baseUrl(provider) });
      return new RetryingClient(inner, {
        clock, random: { next: () => 0.5 }, timeoutMs: TIMEOUT, baseDelayMs: 500, maxAttempts: 3,
        rateLimitCapMs: 60_000, maxRateLimitRetries: 2, malformedRetries: 2, ...over,
      });
    }
    const call = (c: RetryingClient, signal?: AbortSignal) => c.complete(request(provider), signal);

    it('429 with retry-after (seconds): waits as asked, then succeeds', async () => {
      server.injectFaults({ type: 'rate_limit', retryAfter: 2 });
      const res = await call(client());
      assert.equal(res.finish, 'stop');
      assert.equal(server.requests.length, 2);
      assert.deepEqual(waits(clock), [2000]);
    });

    it('429 with retry-after-ms wins over retry-after', async () => {
      server.injectFaults({ type: 'rate_limit', retryAfterMs: 1500, retryAfter: 9 });
      await call(client());
      assert.deepEqual(waits(clock), [1500]);
    });

    it('429 with retry-after as an HTTP date', async () => {
      server.injectFaults({ type: 'rate_limit', retryAfter: new Date(clock.now() + 5000).toUTCString() });
      await call(client());
      const asked = waits(clock);
      assert.equal(asked.length, 1);
      assert.ok(asked[0] > 3000 && asked[0] <= 5000, `waited ${asked[0]}`);
    });

    it('429 asking for more than the cap pauses at once with rate_limited and a resume time', async () => {
      server.injectFaults({ type: 'rate_limit', retryAfter: 3600 });
      const before = clock.now();
      const err = await rejectionOf(call(client()));
      assert.ok(err instanceof LlmPauseError);
      assert.equal(err.trigger, 'rate_limited');
      assert.match(err.message, /3600 s/);
      const at = Date.parse(err.retryAt as string);
      assert.ok(Math.abs(at - (before + 3_600_000)) < 5000);
      assert.ok(err.message.includes(err.retryAt as string));
      assert.equal(server.requests.length, 1);
    });

    it('429 again and again: pauses with rate_limited after the rate-limit budget', async () => {
      server.injectFaults(...Array.from({ length: 5 }, () => ({ type: 'rate_limit' as const, retryAfter: 1 })));
      const err = await rejectionOf(call(client()));
      assert.ok(err instanceof LlmPauseError);
      assert.equal(err.trigger, 'rate_limited');
      assert.ok(err.retryAt);
      assert.equal(server.requests.length, 3); // first try + 2 retries
    });

    it('500 is retried with jittered exponential backoff', async () => {
      server.injectFaults({ type: 'server_error' }, { type: 'server_error', status: 503 });
      const res = await call(client());
      assert.equal(res.finish, 'stop');
      // random 0.5: half fixed + a quarter = 0.75 of 500 ms, then of 1000 ms.
      assert.deepEqual(waits(clock), [375, 750]);
    });

    it('529 (overloaded) is retried', async () => {
      server.injectFaults({ type: 'overloaded' });
      assert.equal((await call(client())).finish, 'stop');
      assert.equal(server.requests.length, 2);
    });

    it('a server that hangs past the timeout is abandoned and retried', async () => {
      server.injectFaults({ type: 'hang' });
      const res = await call(client({ timeoutMs: 100_000 })); // 1 s real
      assert.equal(res.finish, 'stop');
      assert.equal(server.requests.length, 2);
      await waitFor(() => server.clientAborts === 1);
    });

    it('a connection reset is retried', async () => {
      server.injectFaults({ type: 'reset' });
      assert.equal((await call(client())).finish, 'stop');
      assert.equal(server.requests.length, 2);
    });

    it('a malformed JSON body is retried, then reported clearly', async () => {
      server.injectFaults({ type: 'malformed' });
      assert.equal((await call(client())).finish, 'stop');
      server.reset();
      server.injectFaults({ type: 'malformed' }, { type: 'malformed' }, { type: 'malformed' });
      const err = await rejectionOf(call(client()));
      assert.ok(err instanceof LlmUnavailableError);
      assert.match(err.message, /unreadable replies/);
      assert.equal(server.requests.length, 3);
    });

    it('server errors past the attempt budget give LlmUnavailableError', async () => {
      server.injectFaults({ type: 'server_error' }, { type: 'server_error' }, { type: 'server_error' }, { type: 'server_error' });
      const err = await rejectionOf(call(client()));
      assert.ok(err instanceof LlmUnavailableError);
      assert.match(err.message, /failed 3 times/);
      assert.equal(server.requests.length, 3);
    });

    it('an exhausted quota pauses at once with quota, without retrying', async () => {
      server.injectFaults({ type: 'quota' });
      const err = await rejectionOf(call(client()));
      assert.ok(err instanceof LlmPauseError);
      assert.equal(err.trigger, 'quota');
      assert.match(err.message, /quota|credit/i);
      assert.equal(server.requests.length, 1);
    });

    it('a rejected key pauses (provider_error) naming the variable and the fix, never showing the key', async () => {
      server.injectFaults({ type: 'unauthorized' });
      const err = await rejectionOf(call(client()));
      // A pause, not a failure: the race keeps the votes it paid for, and resume goes on once the key is fixed.
      assert.ok(err instanceof LlmPauseError);
      assert.equal(err.trigger, 'provider_error');
      assert.match(err.message, new RegExp(`rejected the API key.*${ENV_VAR[provider]}.*then resume the session`));
      assert.ok(!err.message.includes(KEYS[provider]), err.message);
      assert.ok(!(err.stack ?? '').includes(KEYS[provider]));
      assert.equal(server.requests.length, 1);
    });

    it('a refused request (400) pauses with the provider\'s words and the fix, without retrying', async () => {
      server.injectFaults({ type: 'error', status: 400, message: 'this model does not exist' });
      const err = await rejectionOf(call(client()));
      assert.ok(err instanceof LlmPauseError);
      assert.equal(err.trigger, 'provider_error');
      assert.match(err.message, /rejected the request for model .*HTTP 400.*this model does not exist.*then resume the session/);
      assert.equal(server.requests.length, 1);
    });

    it("the caller's abort cancels the in-flight request and is not retried", async () => {
      server.injectFaults({ type: 'hang' });
      const ctl = new AbortController();
      const pending = rejectionOf(call(client(), ctl.signal));
      await waitFor(() => server.requests.length === 1);
      const abortedAt = Date.now();
      ctl.abort();
      const err = await pending;
      assert.equal(err.name, 'AbortError');
      assert.ok(Date.now() - abortedAt < 2000); // far below the 10 s timeout
      await waitFor(() => server.clientAborts === 1);
      assert.equal(server.requests.length, 1);
    });

    it('an abort during a backoff wait ends the call at once', async () => {
      server.injectFaults({ type: 'rate_limit', retryAfter: 55 }); // 550 ms real
      const ctl = new AbortController();
      const pending = rejectionOf(call(client(), ctl.signal));
      await waitFor(() => clock.sleeps.includes(55_000));
      ctl.abort();
      // Had the wait ignored the abort, the retry would have succeeded and `pending` resolved.
      const err = await pending;
      assert.equal(err.name, 'AbortError');
      assert.equal(server.requests.length, 1);
    });
  });
}

describe('llm retry policy: Gemini RetryInfo', () => {
  it('honours retryDelay from the error body when there is no header', async () => {
    const server = await LlmServer.start();
    try {
      const clock = new ScaledClock(0.01);
      server.injectFaults({ type: 'rate_limit', retryDelay: '3s' });
      const inner = createProviderClient('gemini', { apiKey: KEYS.gemini, baseUrl: server.baseUrl('gemini') });
      const res = await new RetryingClient(inner, { clock, timeoutMs: TIMEOUT }).complete(request('gemini'));
      assert.equal(res.finish, 'stop');
      assert.deepEqual(waits(clock), [3000]);
    } finally {
      await server.close();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
