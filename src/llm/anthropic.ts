// Anthropic messages on the official @anthropic-ai/sdk.
import Anthropic from '@anthropic-ai/sdk';
import type { LlmClient, LlmRequest, LlmResponse } from '../engine/ports';
import { cacheMarked } from './anthropicCache';
import { ProviderError } from './errors';
import { fromStainlessError } from './sdkErrors';
import { TemperatureSupport } from './temperature';
import { anthropicUsage } from './usage';

/** The SDK's types no longer list temperature (deprecated upstream); the API still reads it for the models that support it. */
type MessageBody = Anthropic.MessageCreateParamsNonStreaming & { temperature?: number };

export interface AnthropicClientOptions {
  apiKey: string;
  /** Always explicit (no /v1: the SDK adds it), so ANTHROPIC_BASE_URL cannot redirect calls. */
  baseUrl: string;
  /** Backstop only: the retry layer's own per-call timeout fires first. */
  sdkTimeoutMs?: number;
}

export class AnthropicClient implements LlmClient {
  readonly sdk: Anthropic;
  readonly provider = 'anthropic';
  private readonly apiKey: string;
  private readonly temperature = new TemperatureSupport();

  constructor(opts: AnthropicClientOptions) {
    this.apiKey = opts.apiKey;
    // Passing apiKey makes it the only credential: the SDK then reads neither
    // ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN from the environment.
    this.sdk = new Anthropic({
      apiKey: opts.apiKey,
      baseURL: opts.baseUrl,
      // One retry policy (retry.ts) for every provider; the SDK's own would multiply with it.
      maxRetries: 0,
      timeout: opts.sdkTimeoutMs ?? 10 * 60_000,
    });
  }

  async complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const { system, content } = cacheMarked(request);
    const body: MessageBody = {
      model: request.model,
      max_tokens: request.maxTokens,
      messages: [{ role: 'user', content }],
    };
    if (system) body.system = system;

    const started = performance.now();
    let message: Anthropic.Message;
    try {
      message = await this.send(body, request, signal);
    } catch (err) {
      throw this.translate(err);
    }
    const latencyMs = Math.round(performance.now() - started);
    if (!message || !Array.isArray(message.content) || !message.usage) {
      throw new ProviderError({ provider: this.provider, kind: 'malformed', detail: 'the reply has no content or usage' });
    }
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return {
      text,
      usage: anthropicUsage(message.usage),
      finish: finishOf(message.stop_reason),
      latencyMs,
    };
  }

  private async send(body: MessageBody, request: LlmRequest, signal?: AbortSignal): Promise<Anthropic.Message> {
    if (!this.temperature.accepts(request.model)) return this.sdk.messages.create(body, { signal });
    try {
      return await this.sdk.messages.create({ ...body, temperature: request.temperature } as MessageBody, { signal });
    } catch (err) {
      if (!this.temperature.refusedBy(request.model, this.translate(err))) throw err;
      return this.sdk.messages.create(body, { signal });
    }
  }

  private translate(err: unknown): unknown {
    return fromStainlessError(this.provider, err, Anthropic, [this.apiKey]);
  }
}

/** Also read by the batch client (batch/anthropicBatch.ts): one reading of a stop reason. */
export function finishOf(reason: string | null): LlmResponse['finish'] {
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'refusal') return 'error';
  return 'stop';
}
