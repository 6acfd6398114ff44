// Which providers have a batch engine, and building one from the same key and base URL a live
// client of that provider would use (keys.ts, providerInfo.ts) and the same SDK client
// construction (openai.ts, anthropic.ts).
import { LlmConfigError } from '../../engine/ports';
import { AnthropicClient } from '../anthropic';
import { resolveApiKey, type KeyLookup } from '../keys';
import { OpenAiChatClient } from '../openai';
import { PROVIDERS } from '../providerInfo';
import { AnthropicBatchEngine } from './anthropicBatch';
import { OpenAiBatchEngine } from './openaiBatch';
import type { BatchEngine } from './types';

export type { BatchEngine, BatchItem, BatchOutcome, BatchState, BatchStatus } from './types';

export const BATCH_PROVIDERS = ['openai', 'anthropic'] as const;

export function supportsBatch(provider: string): boolean {
  return (BATCH_PROVIDERS as readonly string[]).includes(provider);
}

export interface BatchEngineOptions {
  apiKey?: string;
  baseUrl?: string;
  keyLookup?: KeyLookup;
}

/**
 * Unlike a live call, a poll or an upload that meets a 429 or a 5xx has nothing to lose by
 * waiting: the SDK's own retries (with its backoff and retry-after) cover them.
 */
const SDK_RETRIES = 4;
const SDK_TIMEOUT_MS = 5 * 60_000;

export async function createBatchEngine(provider: string, o: BatchEngineOptions = {}): Promise<BatchEngine> {
  if (provider !== 'openai' && provider !== 'anthropic') {
    throw new LlmConfigError(`--batch works with ${BATCH_PROVIDERS.join(' and ')} (their batch APIs), not with '${provider}'`);
  }
  const key = (await resolveApiKey(provider, { apiKey: o.apiKey, keyLookup: o.keyLookup })).key;
  const baseUrl = o.baseUrl || (PROVIDERS[provider].defaultBaseUrl as string);
  if (provider === 'openai') {
    const sdk = new OpenAiChatClient({ apiKey: key, baseUrl, sdkTimeoutMs: SDK_TIMEOUT_MS }).sdk.withOptions({ maxRetries: SDK_RETRIES });
    return new OpenAiBatchEngine(sdk, key);
  }
  const sdk = new AnthropicClient({ apiKey: key, baseUrl, sdkTimeoutMs: SDK_TIMEOUT_MS }).sdk.withOptions({ maxRetries: SDK_RETRIES });
  return new AnthropicBatchEngine(sdk, key);
}
