// Prompt caching end to end through the official SDKs: the local server emulates each
// provider's cache (test/support/promptCache.ts) and reports it in the provider's own usage
// fields; the clients read them into LlmUsage; the Anthropic client marks the stable prefix
// with cache_control; accounting prices cached and cache-write tokens at their own rates.
import assert from 'node:assert/strict';
import { cacheMarked, minCacheTokens } from '../../../src/llm/anthropicCache';
import { createProviderClient } from '../../../src/llm/providers';
import { costOf } from '../../../src/llm/pricing';
import { createLlmRouter } from '../../../src/llm/router';
import { LlmServer } from '../../support/llmServer';
import { emptyHome, request } from './helpers';

/** `n` distinct words, each one token to the server. */
const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');
const STABLE = `${words(1300, 'rule')}\n\n`;
const stepPrompt = (step: string) => `${STABLE}Step: ${words(20, step)}`;
const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

describe('prompt caching: pricing', () => {
  it('prices cached reads and cache writes at their own rates, the rest of the input at the input rate', () => {
    // claude-sonnet-4-5: $3 in, $0.30 cache read, $3.75 cache write, $15 out per million.
    const sonnet = costOf('claude-sonnet-4-5', { input: 10_000, cachedInput: 6000, cacheWrite: 2000, output: 1000 });
    near(sonnet.usd, (2000 * 3 + 6000 * 0.3 + 2000 * 3.75 + 1000 * 15) / 1e6);
    // gpt-4.1-mini: cached input at 25 % ($0.10), no write premium.
    near(costOf('gpt-4.1-mini', { input: 2048, cachedInput: 1024, output: 100 }).usd, (1024 * 0.4 + 1024 * 0.1 + 100 * 1.6) / 1e6);
    near(costOf('gpt-5-mini', { input: 1000, cachedInput: 1000, output: 0 }).usd, (1000 * 0.025) / 1e6);
    near(costOf('gpt-4o', { input: 1000, cachedInput: 1000, output: 0 }).usd, (1000 * 1.25) / 1e6);
    near(costOf('gemini-2.5-flash', { input: 4000, cachedInput: 3000, output: 10 }).usd, (1000 * 0.3 + 3000 * 0.075 + 10 * 2.5) / 1e6);
    near(costOf('grok-code-fast-1', { input: 1000, cachedInput: 1000, output: 0 }).usd, (1000 * 0.02) / 1e6);
  });

  it('a price without cache rates bills cached and written tokens as input; an override sets them', () => {
    const usage = { input: 3000, cachedInput: 2000, cacheWrite: 500, output: 0 };
    near(costOf('llama3.2', usage, { 'llama3.2': { input: 1, output: 2 } }).usd, 3000 / 1e6);
    near(costOf('llama3.2', usage, { 'llama3.2': { input: 1, output: 2, cachedInput: 0.5, cacheWrite: 1.5 } }).usd, (500 * 1 + 2000 * 0.5 + 500 * 1.5) / 1e6);
  });
});

describe('prompt caching: anthropic cache_control', () => {
  it('marks the system prompt and the stable part of the prompt only when each is long enough to be cached', () => {
    const short = cacheMarked({ model: 'claude-sonnet-4-5', system: 'Be terse.', prompt: 'short stable part, then the step', stablePrefix: 18 });
    assert.deepEqual(short, { system: 'Be terse.', content: 'short stable part, then the step' });
    const prompt = `${'x'.repeat(4200)}the step`;
    const long = cacheMarked({ model: 'claude-sonnet-4-5', system: 'Be terse.', prompt, stablePrefix: 4200 });
    assert.equal(long.system, 'Be terse.', 'a short system prompt is not marked: the block after it covers it');
    assert.deepEqual(long.content, [{ type: 'text', text: 'x'.repeat(4200), cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'the step' }]);
    // Haiku 4.5 caches nothing under 4096 tokens (~16k characters).
    assert.equal(cacheMarked({ model: 'claude-haiku-4-5', prompt, stablePrefix: 4200 }).content, prompt);
    assert.deepEqual([minCacheTokens('claude-opus-4-5-20251101'), minCacheTokens('claude-3-5-haiku-latest'), minCacheTokens('claude-sonnet-4-5')], [4096, 2048, 1024]);
    const system = 'y'.repeat(5000);
    const both = cacheMarked({ model: 'claude-sonnet-4-5', system, prompt: 'whole prompt is stable', stablePrefix: 22 });
    assert.deepEqual(both.system, [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(both.content, [{ type: 'text', text: 'whole prompt is stable', cache_control: { type: 'ephemeral' } }], 'no empty block after it');
  });
});

describe('prompt caching through the SDKs and the local server', () => {
  let server: LlmServer;
  before(async () => {
    server = await LlmServer.start({ promptCache: true, answer: () => 'ok' });
  });
  after(() => server.close());

  it('openai: the longest prefix seen before, from 1024 tokens in 128-token steps, as prompt_tokens_details.cached_tokens', async () => {
    const client = createProviderClient('openai', { apiKey: 'sk-openai-test-123456', baseUrl: server.baseUrl('openai') });
    const first = await client.complete(request('openai', { model: 'gpt-4.1-mini', system: undefined, prompt: stepPrompt('a') }));
    assert.deepEqual(first.usage, { input: 1321, output: 1 }, 'nothing cached on first use');
    const second = await client.complete(request('openai', { model: 'gpt-4.1-mini', system: undefined, prompt: stepPrompt('b') }));
    // 1301 words in common ("Step:" included): 1024 + 2 × 128.
    assert.deepEqual(second.usage, { input: 1321, output: 1, cachedInput: 1280 });
    const body = server.requests.at(-1)!.body as any;
    assert.equal(body.messages[0].content, stepPrompt('b'), 'OpenAI caches on its own: the request is unchanged');
    const short = await client.complete(request('openai', { model: 'gpt-4.1-mini', prompt: words(500, 'w') }));
    const again = await client.complete(request('openai', { model: 'gpt-4.1-mini', prompt: words(500, 'w') }));
    assert.deepEqual([short.usage.cachedInput, again.usage.cachedInput], [undefined, undefined], 'under 1024 tokens nothing is cached');
  });

  it('gemini: implicit caching of any common prefix from 1024 tokens, as cachedContentTokenCount', async () => {
    const client = createProviderClient('gemini', { apiKey: 'AIza-gemini-test-key-0123456789', baseUrl: server.baseUrl('gemini') });
    await client.complete(request('gemini', { model: 'gemini-2.5-flash', system: 'Be brief.', prompt: stepPrompt('c') }));
    const second = await client.complete(request('gemini', { model: 'gemini-2.5-flash', system: 'Be brief.', prompt: stepPrompt('d') }));
    assert.deepEqual(second.usage, { input: 1323, output: 1, cachedInput: 1303 });
  });

  it('anthropic: the marked stable part is written on first use and read after; input stays the whole prompt', async () => {
    const client = createProviderClient('anthropic', { apiKey: 'sk-ant-test-123456', baseUrl: server.baseUrl('anthropic') });
    const ask = (step: string) => client.complete(request('anthropic', { model: 'claude-opus-4-1', system: 'Be brief.', prompt: stepPrompt(step), stablePrefix: STABLE.length }));
    const first = await ask('e');
    const body = server.requests.at(-1)!.body as any;
    assert.equal(body.system, 'Be brief.');
    assert.deepEqual(body.messages[0].content, [
      { type: 'text', text: STABLE, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: `Step: ${words(20, 'e')}` },
    ]);
    // The marked prefix: the system prompt's 2 words and the 1300 stable ones.
    assert.deepEqual(first.usage, { input: 1323, output: 1, cacheWrite: 1302 });
    const second = await ask('f');
    assert.deepEqual(second.usage, { input: 1323, output: 1, cachedInput: 1302 });
    // Unmarked, nothing is cached: Anthropic caches only what a request marks.
    const plain = await client.complete(request('anthropic', { model: 'claude-opus-4-1', system: 'Be brief.', prompt: stepPrompt('g') }));
    assert.deepEqual(plain.usage, { input: 1323, output: 1 });
  });

  it('requests sent together all miss: the cache holds what was answered', async () => {
    const client = createProviderClient('openai', { apiKey: 'sk-openai-test-123456', baseUrl: server.baseUrl('openai') });
    const prompt = `${words(1200, 'together')} end`;
    // The answers wait, so all three requests are in before the first is answered.
    server.latencyMs = 100;
    const round = await Promise.all([1, 2, 3].map(() => client.complete(request('openai', { model: 'gpt-4.1-mini', system: undefined, prompt })))).finally(() => {
      server.latencyMs = 0;
    });
    assert.deepEqual(round.map((r) => r.usage.cachedInput), [undefined, undefined, undefined]);
    const later = await client.complete(request('openai', { model: 'gpt-4.1-mini', system: undefined, prompt }));
    assert.equal(later.usage.cachedInput, 1152);
  });

  it('accounting prices each call with its cached tokens (openai and grok formats, anthropic)', async () => {
    const router = createLlmRouter({
      apiKeys: { openai: 'sk-openai-test-123456', grok: 'xai-grok-test-123456', anthropic: 'sk-ant-test-123456' },
      baseUrls: { openai: server.baseUrl('openai'), grok: server.baseUrl('openai'), anthropic: server.baseUrl('anthropic') },
      env: {},
      homeDir: emptyHome(),
    });
    const prompt = stepPrompt('h');
    const warm = await router.complete(request('grok', { model: 'grok-3-mini', system: undefined, prompt }));
    const grok = await router.complete(request('grok', { model: 'grok-3-mini', system: undefined, prompt }));
    // 1321 in, 1280 of them cached (1024 + 2 × 128): grok-3-mini $0.30 in, $0.075 cached, $0.50 out.
    near(grok.costUsd!, (41 * 0.3 + 1280 * 0.075 + 1 * 0.5) / 1e6);
    const ask = (step: string) => router.complete(request('anthropic', { model: 'claude-haiku-4-5', system: undefined, prompt: `${words(4200, 'long')}\n${step}`, stablePrefix: words(4200, 'long').length + 1 }));
    const write = await ask('one');
    near(write.costUsd!, (1 * 1 + 4200 * 1.25 + 1 * 5) / 1e6);
    const read = await ask('two');
    near(read.costUsd!, (1 * 1 + 4200 * 0.1 + 1 * 5) / 1e6);
    const totals = router.totals();
    assert.deepEqual([totals.cachedInput, totals.cacheWrite], [(warm.usage.cachedInput ?? 0) + 1280 + 4200, 4200]);
  });
});
