// The pure decisions behind the retry policy, for cases the local server doesn't stage.
import assert from 'node:assert/strict';
import { classify } from '../../../src/llm/classify';
import { ProviderError, type ProviderErrorInit } from '../../../src/llm/errors';
import { requestedWaitMs } from '../../../src/llm/retryAfter';

const http = (init: Partial<ProviderErrorInit>) => new ProviderError({ provider: 'p', kind: 'http', detail: '', ...init });

describe('llm error classification', () => {
  it('quota and billing pause, whichever way a provider words it', () => {
    assert.equal(classify(http({ status: 429, codes: ['insufficient_quota'] })).action, 'quota');
    assert.equal(classify(http({ status: 402, codes: ['billing_error'] })).action, 'quota');
    assert.equal(classify(http({ status: 400, detail: 'Your credit balance is too low to access the Anthropic API.' })).action, 'quota');
    assert.equal(classify(http({ status: 403, detail: 'Your team has no credits or licenses yet.' })).action, 'quota');
    assert.equal(classify(http({ status: 429, codes: ['RESOURCE_EXHAUSTED', 'GenerateRequestsPerDayPerProjectPerModel-FreeTier'], detail: 'You exceeded your current quota' })).action, 'quota');
  });

  it('rate limits wait, including Google per-minute limits worded as "quota"', () => {
    assert.equal(classify(http({ status: 429, codes: ['rate_limit_exceeded'] })).action, 'rate_limited');
    assert.equal(classify(http({ status: 429, codes: ['RESOURCE_EXHAUSTED', 'GenerateRequestsPerMinutePerProjectPerModel'], detail: 'You exceeded your current quota, please check your plan and billing details.' })).action, 'rate_limited');
    assert.equal(classify(http({ status: 429, codes: ['RESOURCE_EXHAUSTED'], detail: 'Resource has been exhausted (e.g. check quota).' })).action, 'rate_limited');
    // OpenAI's ordinary rate-limit text mentions the billing page; that is not an empty balance.
    assert.equal(classify(http({ status: 429, codes: ['requests'], detail: 'Rate limit reached ... add a payment method at https://platform.openai.com/account/billing' })).action, 'rate_limited');
  });

  it('auth, bad requests and server trouble', () => {
    assert.equal(classify(http({ status: 401 })).action, 'auth');
    assert.equal(classify(http({ status: 403 })).action, 'auth');
    assert.equal(classify(http({ status: 400, codes: ['INVALID_ARGUMENT', 'API_KEY_INVALID'] })).action, 'auth');
    assert.equal(classify(http({ status: 404, detail: 'model not found' })).action, 'bad_request');
    assert.equal(classify(http({ status: 400, detail: 'prompt is too long' })).action, 'bad_request');
    for (const status of [408, 409, 500, 502, 503, 504, 529]) assert.equal(classify(http({ status })).action, 'transient', String(status));
    assert.equal(classify(new ProviderError({ provider: 'p', kind: 'network', detail: 'ECONNRESET' })).action, 'transient');
    assert.equal(classify(new ProviderError({ provider: 'p', kind: 'malformed', detail: 'x' })).action, 'malformed');
  });
});

describe('llm retry-after parsing', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('prefers retry-after-ms, then retry-after seconds or date, then Google retryDelay', () => {
    assert.equal(requestedWaitMs({ retryAfterMs: '250', retryAfter: '9' }, now), 250);
    assert.equal(requestedWaitMs({ retryAfter: '1.5' }, now), 1500);
    assert.equal(requestedWaitMs({ retryAfter: 'Sun, 01 Jun 2025 12:00:30 GMT' }, now), 30_000);
    assert.equal(requestedWaitMs({ retryAfter: 'Sun, 01 Jun 2025 11:00:00 GMT' }, now), 0);
    assert.equal(requestedWaitMs({ retryDelay: '24s' }, now), 24_000);
    assert.equal(requestedWaitMs({ retryAfter: 'soon' }, now), undefined);
    assert.equal(requestedWaitMs({}, now), undefined);
  });
});
