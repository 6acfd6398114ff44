// Builds the SDK-backed client for a built-in provider. Separate from the router so the
// CLI's dry run or a benchmark can make a bare client (no retry, limiter or budget).
import type { LlmClient } from '../engine/ports';
import { AnthropicClient } from './anthropic';
import { GeminiClient } from './gemini';
import { createGrokClient } from './grok';
import { OpenAiChatClient } from './openai';
import { createOpenAiCompatibleClient } from './openaiCompatible';
import { PROVIDERS, type BuiltinProvider } from './providerInfo';

export interface ProviderClientOptions {
  apiKey: string;
  /** Defaults to the provider's official endpoint; required for openai-compatible. */
  baseUrl?: string;
  /** Backstop for the SDK's own timeout; the retry layer's per-call timeout is the real one. */
  sdkTimeoutMs?: number;
}

export function createProviderClient(provider: BuiltinProvider, opts: ProviderClientOptions): LlmClient {
  const baseUrl = opts.baseUrl || PROVIDERS[provider].defaultBaseUrl;
  const common = { apiKey: opts.apiKey, sdkTimeoutMs: opts.sdkTimeoutMs };
  switch (provider) {
    case 'openai':
      return new OpenAiChatClient({ ...common, provider: 'openai', baseUrl: baseUrl as string });
    case 'anthropic':
      return new AnthropicClient({ ...common, baseUrl: baseUrl as string });
    case 'gemini':
      return new GeminiClient({ ...common, baseUrl: baseUrl as string });
    case 'grok':
      return createGrokClient({ ...common, baseUrl });
    case 'openai-compatible':
      return createOpenAiCompatibleClient({ ...common, baseUrl });
  }
}
