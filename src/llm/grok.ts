// xAI's Grok speaks the OpenAI chat-completions format, so it runs on the openai SDK
// pointed at xAI's endpoint (explicitly, like every base URL: see providerInfo.ts).
import { OpenAiChatClient } from './openai';
import { PROVIDERS } from './providerInfo';

export interface GrokClientOptions {
  apiKey: string;
  baseUrl?: string;
  sdkTimeoutMs?: number;
}

export function createGrokClient(opts: GrokClientOptions): OpenAiChatClient {
  return new OpenAiChatClient({
    provider: 'grok',
    apiKey: opts.apiKey,
    baseUrl: opts.baseUrl ?? (PROVIDERS.grok.defaultBaseUrl as string),
    // xAI documents max_completion_tokens and calls max_tokens deprecated.
    maxTokensField: 'max_completion_tokens',
    sdkTimeoutMs: opts.sdkTimeoutMs,
  });
}
