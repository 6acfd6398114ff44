// The SDKs read OPENAI_BASE_URL, ANTHROPIC_BASE_URL and GOOGLE_GEMINI_BASE_URL when no base
// URL is passed. We always pass one, so a stray variable can't send prompts and keys elsewhere.
import assert from 'node:assert/strict';
import { AnthropicClient } from '../../../src/llm/anthropic';
import { GeminiClient } from '../../../src/llm/gemini';
import { OpenAiChatClient } from '../../../src/llm/openai';
import { createProviderClient } from '../../../src/llm/providers';
import { createLlmRouter } from '../../../src/llm/router';
import { LlmServer } from '../../support/llmServer';
import { emptyHome, request } from './helpers';

const VARS = ['OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL', 'GOOGLE_GEMINI_BASE_URL'] as const;

describe('llm base URLs ignore the environment', () => {
  let real: LlmServer;
  let trap: LlmServer;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    real = await LlmServer.start();
    trap = await LlmServer.start();
    for (const v of VARS) saved[v] = process.env[v];
    process.env.OPENAI_BASE_URL = trap.baseUrl('openai');
    process.env.ANTHROPIC_BASE_URL = trap.baseUrl('anthropic');
    process.env.GOOGLE_GEMINI_BASE_URL = trap.baseUrl('gemini');
  });
  after(async () => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    await real.close();
    await trap.close();
  });

  it('calls go to the configured URL, and the server named by the env vars receives nothing', async () => {
    const router = createLlmRouter({
      apiKeys: { openai: 'sk-o-123456', anthropic: 'sk-a-123456', gemini: 'g-123456', grok: 'xai-123456' },
      baseUrls: { openai: real.baseUrl('openai'), anthropic: real.baseUrl('anthropic'), gemini: real.baseUrl('gemini'), grok: real.baseUrl('openai'), 'openai-compatible': real.baseUrl('openai') },
      env: {},
      homeDir: emptyHome(),
    });
    for (const provider of ['openai', 'anthropic', 'gemini', 'grok', 'openai-compatible']) {
      const res = await router.complete(request(provider));
      assert.equal(res.finish, 'stop', provider);
    }
    assert.equal(real.requests.length, 5);
    assert.equal(trap.requests.length, 0);
  });

  it('without a configured URL each client is given the official endpoint, not the env var', async () => {
    const openai = createProviderClient('openai', { apiKey: 'sk-o-123456' }) as OpenAiChatClient;
    const grok = createProviderClient('grok', { apiKey: 'xai-123456' }) as OpenAiChatClient;
    const anthropic = createProviderClient('anthropic', { apiKey: 'sk-a-123456' }) as AnthropicClient;
    const gemini = createProviderClient('gemini', { apiKey: 'g-123456' }) as GeminiClient;
    assert.equal(openai.sdk.baseURL, 'https://api.openai.com/v1');
    assert.equal(grok.sdk.baseURL, 'https://api.x.ai/v1');
    assert.equal(anthropic.sdk.baseURL, 'https://api.anthropic.com');
    // Reading the SDK's resolved URL; @google/genai keeps it on its (protected) api client.
    const geminiApi = (gemini.sdk as unknown as { apiClient: { getBaseUrl(): string } }).apiClient;
    assert.equal(geminiApi.getBaseUrl(), 'https://generativelanguage.googleapis.com');
  });

  it('the router reports the official endpoint as the provider base URL by default', async () => {
    const router = createLlmRouter({ apiKeys: { anthropic: 'sk-a-123456' }, env: {}, homeDir: emptyHome() });
    assert.equal((await router.describe('anthropic')).baseUrl, 'https://api.anthropic.com');
  });
});
