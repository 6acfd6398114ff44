// Each provider client through its real SDK against the local server: what goes on the
// wire (model, system, temperature, max tokens, auth header), usage, and truncation.
import assert from 'node:assert/strict';
import { LlmConfigError } from '../../../src/engine/ports';
import { createProviderClient } from '../../../src/llm/providers';
import { LlmServer } from '../../support/llmServer';
import { keyOf } from '../../support/llmServerWire';
import { rejectionOf, request } from './helpers';

describe('llm providers over their SDKs', () => {
  let server: LlmServer;

  before(async () => {
    server = await LlmServer.start({ cacheReadTokens: 7, cacheCreationTokens: 3 });
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    server.answer = (prompt) => `echo: ${prompt}`;
  });

  const body = (i = 0) => server.requests[i].body as Record<string, any>;

  it('openai: sends model, system, temperature and max_completion_tokens; reads usage', async () => {
    const client = createProviderClient('openai', { apiKey: 'sk-openai-test-123456', baseUrl: server.baseUrl('openai') });
    const res = await client.complete(request('openai', { model: 'gpt-4.1-mini', prompt: 'one two three', temperature: 0.1, maxTokens: 40 }));
    assert.equal(res.text, 'echo: one two three');
    assert.equal(res.finish, 'stop');
    assert.deepEqual(res.usage, { input: 6, output: 4 }); // "You are terse." + prompt; "echo:" + 3 words
    assert.ok(res.latencyMs >= 0);
    assert.equal(server.requests[0].path, '/v1/chat/completions');
    assert.equal(server.requests[0].headers.authorization, 'Bearer sk-openai-test-123456');
    assert.deepEqual(body().messages, [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'one two three' }]);
    assert.equal(body().temperature, 0.1);
    assert.equal(body().max_completion_tokens, 40);
    assert.equal(body().model, 'gpt-4.1-mini');
  });

  it('openai: a truncated reply finishes with length', async () => {
    server.answer = () => 'a b c d e f g h i j';
    const client = createProviderClient('openai', { apiKey: 'sk-openai-test-123456', baseUrl: server.baseUrl('openai') });
    const res = await client.complete(request('openai', { maxTokens: 3 }));
    assert.equal(res.finish, 'length');
    assert.equal(res.text, 'a b c');
    assert.equal(res.usage.output, 3);
  });

  it('openai: reasoning models get no temperature (they refuse anything but the default)', async () => {
    const client = createProviderClient('openai', { apiKey: 'sk-openai-test-123456', baseUrl: server.baseUrl('openai') });
    await client.complete(request('openai', { model: 'o4-mini' }));
    await client.complete(request('openai', { model: 'gpt-5-chat-latest' }));
    assert.equal('temperature' in body(0), false);
    assert.equal(body(1).temperature, 0);
  });

  it('a model that refuses temperature is retried once without it, and remembered', async () => {
    const client = createProviderClient('anthropic', { apiKey: 'sk-ant-test-123456', baseUrl: server.baseUrl('anthropic') });
    server.injectFaults({ type: 'error', status: 400, message: '`temperature` is deprecated for this model.' });
    const res = await client.complete(request('anthropic', { model: 'claude-new' }));
    assert.equal(res.finish, 'stop');
    await client.complete(request('anthropic', { model: 'claude-new' }));
    assert.equal(server.requests.length, 3);
    assert.equal(body(0).temperature, 0);
    assert.equal('temperature' in body(1), false);
    assert.equal('temperature' in body(2), false);
  });

  it('anthropic: sends system, temperature and max_tokens; counts cached input tokens', async () => {
    const client = createProviderClient('anthropic', { apiKey: 'sk-ant-test-123456', baseUrl: server.baseUrl('anthropic') });
    const res = await client.complete(request('anthropic', { model: 'claude-haiku-4-5', prompt: 'one two three', temperature: 0.1, maxTokens: 40 }));
    assert.equal(res.text, 'echo: one two three');
    assert.equal(res.finish, 'stop');
    assert.deepEqual(res.usage, { input: 6 + 7 + 3, output: 4, cachedInput: 7, cacheWrite: 3 });
    assert.equal(server.requests[0].path, '/v1/messages');
    // This SDK release sends the key as a bearer token; older ones used x-api-key.
    assert.equal(keyOf(server.requests[0].headers), 'sk-ant-test-123456');
    assert.equal(body().system, 'You are terse.');
    assert.equal(body().temperature, 0.1);
    assert.equal(body().max_tokens, 40);
    assert.deepEqual(body().messages, [{ role: 'user', content: 'one two three' }]);
  });

  it('anthropic: max_tokens truncation finishes with length', async () => {
    server.answer = () => 'a b c d e f';
    const client = createProviderClient('anthropic', { apiKey: 'sk-ant-test-123456', baseUrl: server.baseUrl('anthropic') });
    const res = await client.complete(request('anthropic', { maxTokens: 2 }));
    assert.equal(res.finish, 'length');
    assert.equal(res.text, 'a b');
  });

  it('gemini: generateContent with systemInstruction and generationConfig; reads usageMetadata', async () => {
    const client = createProviderClient('gemini', { apiKey: 'AIza-gemini-test-key-0123456789', baseUrl: server.baseUrl('gemini') });
    const res = await client.complete(request('gemini', { model: 'gemini-2.5-flash', prompt: 'one two three', temperature: 0.1, maxTokens: 40 }));
    assert.equal(res.text, 'echo: one two three');
    assert.equal(res.finish, 'stop');
    assert.deepEqual(res.usage, { input: 6, output: 4 });
    assert.equal(server.requests[0].path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(server.requests[0].headers['x-goog-api-key'], 'AIza-gemini-test-key-0123456789');
    assert.deepEqual(body().systemInstruction.parts, [{ text: 'You are terse.' }]);
    assert.equal(body().generationConfig.temperature, 0.1);
    assert.equal(body().generationConfig.maxOutputTokens, 40);
  });

  it('gemini: MAX_TOKENS finishes with length', async () => {
    server.answer = () => 'a b c d e f';
    const client = createProviderClient('gemini', { apiKey: 'AIza-gemini-test-key-0123456789', baseUrl: server.baseUrl('gemini') });
    const res = await client.complete(request('gemini', { maxTokens: 4 }));
    assert.equal(res.finish, 'length');
    assert.equal(res.text, 'a b c d');
  });

  it('grok: the openai SDK at the given xAI-style URL', async () => {
    const client = createProviderClient('grok', { apiKey: 'xai-grok-test-123456', baseUrl: server.baseUrl('openai') });
    const res = await client.complete(request('grok', { model: 'grok-3-mini', maxTokens: 30 }));
    assert.equal(res.finish, 'stop');
    assert.equal(server.requests[0].headers.authorization, 'Bearer xai-grok-test-123456');
    assert.equal(body().max_completion_tokens, 30);
  });

  it('openai-compatible: runs without a key, sends max_tokens, accepts a URL with or without /v1', async () => {
    const withV1 = createProviderClient('openai-compatible', { apiKey: '', baseUrl: `${server.origin}/v1` });
    await withV1.complete(request('openai-compatible', { model: 'llama3.2', maxTokens: 30 }));
    const bare = createProviderClient('openai-compatible', { apiKey: '', baseUrl: server.origin });
    await bare.complete(request('openai-compatible', { model: 'llama3.2' }));
    assert.equal(server.requests[0].path, '/v1/chat/completions');
    assert.equal(server.requests[1].path, '/chat/completions');
    assert.equal(server.requests[0].headers.authorization, 'Bearer not-needed');
    assert.equal(body().max_tokens, 30);
    assert.equal(body().temperature, 0);
  });

  it('openai-compatible: no base URL is a config error that shows an example', () => {
    assert.throws(() => createProviderClient('openai-compatible', { apiKey: '' }), (err: Error) => err instanceof LlmConfigError && /--base-url/.test(err.message) && /11434/.test(err.message));
  });

  it('a failed call surfaces as a ProviderError with status and codes', async () => {
    const client = createProviderClient('openai', { apiKey: 'sk-openai-test-123456', baseUrl: server.baseUrl('openai') });
    server.injectFaults({ type: 'quota' });
    const err = await rejectionOf(client.complete(request('openai')));
    assert.equal(err.name, 'ProviderError');
    assert.match(err.message, /HTTP 429/);
    assert.deepEqual((err as unknown as { codes: string[] }).codes, ['insufficient_quota']);
  });
});
