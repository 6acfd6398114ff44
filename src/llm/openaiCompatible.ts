// Any server that speaks OpenAI chat completions: Ollama (http://localhost:11434/v1),
// LM Studio (http://localhost:1234/v1), llama.cpp's server (http://localhost:8080/v1), vLLM
// (http://localhost:8000/v1). There is no sensible default host, so the base URL is required.
import { LlmConfigError } from '../engine/ports';
import { OpenAiChatClient } from './openai';
import { NO_KEY_PLACEHOLDER } from './providerInfo';

export interface OpenAiCompatibleClientOptions {
  baseUrl?: string;
  /** Most local servers ignore the key; the openai SDK still insists on one. */
  apiKey?: string;
  sdkTimeoutMs?: number;
}

export function createOpenAiCompatibleClient(opts: OpenAiCompatibleClientOptions): OpenAiChatClient {
  if (!opts.baseUrl) {
    throw new LlmConfigError('The openai-compatible provider needs a base URL: pass --base-url, e.g. --base-url http://localhost:11434/v1 for Ollama');
  }
  return new OpenAiChatClient({
    provider: 'openai-compatible',
    apiKey: opts.apiKey || NO_KEY_PLACEHOLDER,
    baseUrl: opts.baseUrl,
    // Ollama, llama.cpp's server and older vLLM only understand the classic field.
    maxTokensField: 'max_tokens',
    sdkTimeoutMs: opts.sdkTimeoutMs,
  });
}
