// OpenAI chat completions on the official `openai` SDK (6.x: 7.x needs Node >= 22 and we
// must run on Node 20). The same client serves xAI (grok.ts) and any OpenAI-compatible
// server (openaiCompatible.ts): only the base URL, the name and the max-tokens field differ.
import OpenAI from 'openai';
import type { LlmClient, LlmRequest, LlmResponse } from '../engine/ports';
import { ProviderError } from './errors';
import { withChoices, type RawChoice } from './choiceUsage';
import { fromStainlessError } from './sdkErrors';
import { TemperatureSupport, openAiReasoningModel } from './temperature';
import { openAiUsage } from './usage';

export interface OpenAiClientOptions {
  apiKey: string;
  /** Always explicit, so OPENAI_BASE_URL in the environment cannot redirect calls. */
  baseUrl: string;
  /** Name used in errors and accounting: 'openai', 'grok' or 'openai-compatible'. */
  provider?: string;
  /**
   * OpenAI's own API wants max_completion_tokens (o-series and gpt-5 reject max_tokens);
   * Ollama, llama.cpp and older vLLM only know max_tokens.
   */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
  /** Backstop only: the retry layer's own per-call timeout fires first. */
  sdkTimeoutMs?: number;
}

export class OpenAiChatClient implements LlmClient {
  readonly sdk: OpenAI;
  readonly provider: string;
  private readonly maxTokensField: 'max_completion_tokens' | 'max_tokens';
  private readonly apiKey: string;
  private readonly temperature: TemperatureSupport;

  constructor(opts: OpenAiClientOptions) {
    this.provider = opts.provider ?? 'openai';
    this.maxTokensField = opts.maxTokensField ?? 'max_completion_tokens';
    this.apiKey = opts.apiKey;
    const isOpenAi = this.provider === 'openai';
    this.temperature = new TemperatureSupport(isOpenAi ? openAiReasoningModel : undefined);
    this.sdk = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseUrl,
      // One retry policy (retry.ts) for every provider; the SDK's own would multiply with it.
      maxRetries: 0,
      timeout: opts.sdkTimeoutMs ?? 10 * 60_000,
      // Never pick up OPENAI_ADMIN_KEY, and keep OpenAI's org/project headers away from other hosts.
      adminAPIKey: null,
      ...(isOpenAi ? {} : { organization: null, project: null }),
    });
  }

  async complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    if (request.system) messages.push({ role: 'system', content: request.system });
    messages.push({ role: 'user', content: request.prompt });
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: request.model, messages };
    body[this.maxTokensField] = request.maxTokens;
    if ((request.n ?? 1) > 1) body.n = request.n;

    const started = performance.now();
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      completion = await this.send(body, request, signal);
    } catch (err) {
      throw this.translate(err);
    }
    const latencyMs = Math.round(performance.now() - started);
    const choice = completion?.choices?.[0];
    if (!choice || !choice.message) {
      throw new ProviderError({ provider: this.provider, kind: 'malformed', detail: 'the reply has no choices[0].message' });
    }
    return withChoices(request, () => rawChoices(completion), {
      text: choice.message.content ?? '',
      usage: openAiUsage(completion.usage),
      finish: finishOf(choice.finish_reason),
      latencyMs,
    });
  }

  private async send(body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, request: LlmRequest, signal?: AbortSignal): Promise<OpenAI.Chat.ChatCompletion> {
    if (!this.temperature.accepts(request.model)) return this.sdk.chat.completions.create(body, { signal });
    try {
      return await this.sdk.chat.completions.create({ ...body, temperature: request.temperature }, { signal });
    } catch (err) {
      if (!this.temperature.refusedBy(request.model, this.translate(err))) throw err;
      return this.sdk.chat.completions.create(body, { signal });
    }
  }

  private translate(err: unknown): unknown {
    return fromStainlessError(this.provider, err, OpenAI, [this.apiKey]);
  }
}

/** n-sampling: every choice, in order, as a sample of its own (OpenAI reports only their total output). */
function rawChoices(completion: OpenAI.Chat.ChatCompletion): RawChoice[] {
  return [...completion.choices].sort((a, b) => a.index - b.index).map((c) => ({ text: c.message?.content ?? '', finish: finishOf(c.finish_reason) }));
}

/** Also read by the batch client (batch/openaiBatch.ts): one reading of a finish reason. */
export function finishOf(reason: string | null | undefined): LlmResponse['finish'] {
  if (reason === 'length') return 'length';
  // A filtered reply is not the model's answer: flag it rather than vote on it.
  if (reason === 'content_filter') return 'error';
  return 'stop';
}
