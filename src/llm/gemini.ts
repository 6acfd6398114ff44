// Google Gemini on the official @google/genai SDK. Not @google/generative-ai: that package
// reached end-of-life on 2025-08-31 (its own README says so) and gets no fixes.
import { ApiError, GoogleGenAI, type Candidate, type GenerateContentResponse } from '@google/genai';
import type { LlmClient, LlmRequest, LlmResponse } from '../engine/ports';
import { withChoices, type RawChoice } from './choiceUsage';
import { ProviderError, excerpt, isTransportFailure, objectField, stringField } from './errors';
import { redactSecrets } from './redact';
import { geminiUsage } from './usage';

export interface GeminiClientOptions {
  apiKey: string;
  /** Always explicit, so GOOGLE_GEMINI_BASE_URL cannot redirect calls. */
  baseUrl: string;
  /** Backstop only: the retry layer's own per-call timeout fires first. */
  sdkTimeoutMs?: number;
}

export class GeminiClient implements LlmClient {
  readonly sdk: GoogleGenAI;
  readonly provider = 'gemini';
  private readonly apiKey: string;

  constructor(opts: GeminiClientOptions) {
    this.apiKey = opts.apiKey;
    this.sdk = new GoogleGenAI({
      apiKey: opts.apiKey,
      // Explicit, or GOOGLE_GENAI_USE_VERTEXAI in the environment would switch to Vertex AI.
      vertexai: false,
      // No retryOptions: @google/genai only retries when asked, and retry.ts is our one policy.
      httpOptions: { baseUrl: opts.baseUrl, timeout: opts.sdkTimeoutMs ?? 10 * 60_000 },
    });
  }

  async complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    // ApiError carries no headers, so a per-call fetch keeps the rate-limit hints of a failed response.
    let failedHeaders: Headers | undefined;
    const keepHeaders = async (...args: Parameters<typeof fetch>): Promise<Response> => {
      const res = await fetch(...args);
      if (!res.ok) failedHeaders = res.headers;
      return res;
    };
    const started = performance.now();
    let reply: GenerateContentResponse;
    try {
      reply = await this.sdk.models.generateContent({
        model: request.model,
        contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
        config: {
          systemInstruction: request.system || undefined,
          temperature: request.temperature,
          maxOutputTokens: request.maxTokens,
          ...((request.n ?? 1) > 1 ? { candidateCount: request.n } : {}),
          abortSignal: signal,
          httpOptions: { fetch: keepHeaders },
        },
      });
    } catch (err) {
      throw this.translate(err, failedHeaders, signal);
    }
    const latencyMs = Math.round(performance.now() - started);
    const candidate = reply?.candidates?.[0];
    if (!reply || (!candidate && !reply.promptFeedback)) {
      throw new ProviderError({ provider: this.provider, kind: 'malformed', detail: 'the reply has no candidates' });
    }
    const text = answerText(candidate);
    return withChoices(request, () => rawCandidates(reply), {
      text,
      usage: geminiUsage(reply.usageMetadata),
      // No candidate at all means the prompt itself was blocked (promptFeedback.blockReason).
      finish: candidate ? finishOf(candidate.finishReason) : 'error',
      latencyMs,
    });
  }

  private translate(err: unknown, headers: Headers | undefined, signal?: AbortSignal): unknown {
    if (signal?.aborted) return err;
    const secrets = [this.apiKey];
    if (err instanceof ApiError) {
      const info = parseGoogleError(err.message);
      return new ProviderError({
        provider: this.provider, kind: 'http', status: err.status, codes: info.codes,
        detail: redactSecrets(excerpt(info.message, 400), secrets),
        retryAfterMs: headers?.get('retry-after-ms'), retryAfter: headers?.get('retry-after'), retryDelay: info.retryDelay,
      });
    }
    if (err instanceof SyntaxError) return new ProviderError({ provider: this.provider, kind: 'malformed', detail: redactSecrets(excerpt(err.message), secrets) });
    if (isTransportFailure(err)) return new ProviderError({ provider: this.provider, kind: 'network', detail: redactSecrets((err as Error).message, secrets) });
    return err;
  }
}

/** candidateCount: every candidate, in order, as a sample of its own, with its own token count when Gemini gives one. */
function rawCandidates(reply: GenerateContentResponse): RawChoice[] {
  return [...(reply.candidates ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((c) => ({ text: answerText(c), finish: finishOf(c.finishReason), output: c.tokenCount }));
}

/** Thought parts are the model's hidden reasoning, not its answer. */
function answerText(candidate: Candidate | undefined): string {
  return (candidate?.content?.parts ?? []).filter((p) => !p.thought).map((p) => p.text ?? '').join('');
}

function finishOf(reason: string | undefined): LlmResponse['finish'] {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason === undefined || reason === 'STOP' || reason === 'FINISH_REASON_UNSPECIFIED') return 'stop';
  // SAFETY, RECITATION, BLOCKLIST, MALFORMED_FUNCTION_CALL...: not a usable answer.
  return 'error';
}

/**
 * @google/genai puts the whole JSON error body in ApiError.message. Pull out the status
 * ("RESOURCE_EXHAUSTED"), the reasons and quota ids (per-minute vs per-day limits read
 * alike otherwise), and RetryInfo's retryDelay.
 */
export function parseGoogleError(message: string): { message: string; codes: string[]; retryDelay?: string } {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return { message, codes: [] };
  }
  const error = objectField(body, 'error');
  const codes: string[] = [];
  const status = stringField(error, 'status');
  if (status) codes.push(status);
  let retryDelay: string | undefined;
  const details = objectField(error, 'details');
  for (const d of Array.isArray(details) ? details : []) {
    const reason = stringField(d, 'reason');
    if (reason) codes.push(reason);
    retryDelay ??= stringField(d, 'retryDelay');
    const violations = objectField(d, 'violations');
    for (const v of Array.isArray(violations) ? violations : []) {
      const id = stringField(v, 'quotaId');
      if (id) codes.push(id);
    }
  }
  return { message: stringField(error, 'message') ?? message, codes, retryDelay };
}
