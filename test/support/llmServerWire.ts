// The three wire formats the local LLM server speaks: OpenAI chat completions, Anthropic
// messages and Gemini generateContent. Pure functions from parsed JSON to parsed JSON, so
// the HTTP plumbing in llmServer.ts stays format-agnostic.

export type WireProvider = 'openai' | 'anthropic' | 'gemini';

export interface WireRequest {
  provider: WireProvider;
  model: string;
  system?: string;
  prompt: string;
  temperature?: number;
  maxTokens?: number;
  /** Choices asked for: OpenAI `n`, Gemini `candidateCount` (Anthropic has none). */
  n?: number;
}

export interface WireSuccess {
  model: string;
  text: string;
  /** The whole prompt, cached parts included. */
  inputTokens: number;
  outputTokens: number;
  truncated: boolean;
  /** Of inputTokens, those read from the prompt cache (every format reports them). */
  cacheReadTokens?: number;
  /** Of inputTokens, those written to the cache (Anthropic only). */
  cacheCreationTokens?: number;
}

export type WireFaultKind = 'rate_limit' | 'quota' | 'server' | 'overloaded' | 'unauthorized' | 'custom';

/** Which wire format (and, for Gemini, which model) a request path belongs to. */
export function routeOf(method: string, path: string): { provider: WireProvider; model?: string } | undefined {
  if (method !== 'POST') return undefined;
  const url = path.split('?')[0];
  if (url === '/v1/chat/completions' || url === '/chat/completions') return { provider: 'openai' };
  if (url === '/v1/messages' || url === '/messages') return { provider: 'anthropic' };
  // @google/genai 2.x calls /v1beta/models/{m}:generateContent; 3.x defaults to /v1/...
  const gemini = /^\/(?:v1beta|v1)\/models\/([^/:]+):generateContent$/.exec(url);
  if (gemini) return { provider: 'gemini', model: decodeURIComponent(gemini[1]) };
  return undefined;
}

export function parseWireRequest(provider: WireProvider, body: any, pathModel?: string): WireRequest {
  if (provider === 'openai') {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n');
    const prompt = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
    return { provider, model: String(body?.model ?? ''), system: system || undefined, prompt, temperature: body?.temperature, maxTokens: body?.max_completion_tokens ?? body?.max_tokens, n: body?.n };
  }
  if (provider === 'anthropic') {
    const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
    const prompt = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
    return { provider, model: String(body?.model ?? ''), system: body?.system === undefined ? undefined : textOf(body.system), prompt, temperature: body?.temperature, maxTokens: body?.max_tokens };
  }
  const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
  const prompt = contents.filter((c) => (c.role ?? 'user') === 'user').map((c) => partsText(c.parts)).join('\n');
  const sys = body?.systemInstruction ?? body?.system_instruction;
  const config = body?.generationConfig ?? body?.generation_config ?? {};
  return { provider, model: pathModel ?? '', system: sys ? partsText(sys.parts) : undefined, prompt, temperature: config.temperature, maxTokens: config.maxOutputTokens ?? config.max_output_tokens, n: config.candidateCount ?? config.candidate_count };
}

export function renderSuccess(provider: WireProvider, r: WireSuccess, seq: number): unknown {
  if (provider === 'openai') {
    return {
      id: `chatcmpl-${seq}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: r.model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.text, refusal: null }, logprobs: null, finish_reason: r.truncated ? 'length' : 'stop' }],
      usage: {
        prompt_tokens: r.inputTokens, completion_tokens: r.outputTokens, total_tokens: r.inputTokens + r.outputTokens,
        prompt_tokens_details: { cached_tokens: r.cacheReadTokens ?? 0, audio_tokens: 0 },
      },
    };
  }
  if (provider === 'anthropic') {
    return {
      id: `msg_${seq}`, type: 'message', role: 'assistant', model: r.model,
      content: [{ type: 'text', text: r.text }],
      stop_reason: r.truncated ? 'max_tokens' : 'end_turn', stop_sequence: null,
      // Anthropic's input_tokens is only what follows the last cache breakpoint.
      usage: {
        input_tokens: r.inputTokens - (r.cacheReadTokens ?? 0) - (r.cacheCreationTokens ?? 0), output_tokens: r.outputTokens,
        cache_read_input_tokens: r.cacheReadTokens ?? 0, cache_creation_input_tokens: r.cacheCreationTokens ?? 0,
      },
    };
  }
  return {
    candidates: [{ content: { role: 'model', parts: [{ text: r.text }] }, finishReason: r.truncated ? 'MAX_TOKENS' : 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: r.inputTokens, candidatesTokenCount: r.outputTokens, totalTokenCount: r.inputTokens + r.outputTokens,
      // Gemini leaves the field out when nothing was cached.
      ...(r.cacheReadTokens ? { cachedContentTokenCount: r.cacheReadTokens } : {}),
    },
    modelVersion: r.model,
    responseId: `resp-${seq}`,
  };
}

export interface WireChoice {
  text: string;
  truncated: boolean;
}

/**
 * An n-choice reply: `reply` is renderSuccess's for the first choice (its usage already counts
 * every choice's output, as OpenAI and Gemini bill it), given every choice in the provider's list.
 */
export function spreadChoices(provider: WireProvider, reply: any, choices: WireChoice[]): unknown {
  if (provider === 'openai') {
    reply.choices = choices.map((c, index) => ({ index, message: { role: 'assistant', content: c.text, refusal: null }, logprobs: null, finish_reason: c.truncated ? 'length' : 'stop' }));
  } else if (provider === 'gemini') {
    reply.candidates = choices.map((c, index) => ({ content: { role: 'model', parts: [{ text: c.text }] }, finishReason: c.truncated ? 'MAX_TOKENS' : 'STOP', index }));
  }
  return reply;
}

/** Error status and body in each provider's own shape, worded like the real services (the classifier matches on some of it). */
export function renderFault(provider: WireProvider, kind: WireFaultKind, opts: { key?: string; retryDelay?: string; status?: number; message?: string }): { status: number; body: unknown } {
  const custom = opts.message ?? 'error';
  if (provider === 'openai') {
    const err = (status: number, message: string, type: string, code: string | null) => ({ status: opts.status ?? status, body: { error: { message, type, param: null, code } } });
    switch (kind) {
      case 'rate_limit': return err(429, 'Rate limit reached for requests per min (RPM). Please try again later.', 'requests', 'rate_limit_exceeded');
      case 'quota': return err(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota');
      case 'server': return err(500, 'The server had an error while processing your request.', 'server_error', null);
      case 'overloaded': return err(529, 'The engine is currently overloaded.', 'server_error', null);
      // Real OpenAI masks the key; echoing it whole proves our redaction.
      case 'unauthorized': return err(401, `Incorrect API key provided: ${opts.key ?? ''}. You can find your API key in your account settings.`, 'invalid_request_error', 'invalid_api_key');
      case 'custom': return err(400, custom, 'invalid_request_error', null);
    }
  }
  if (provider === 'anthropic') {
    const err = (status: number, type: string, message: string) => ({ status: opts.status ?? status, body: { type: 'error', error: { type, message } } });
    switch (kind) {
      case 'rate_limit': return err(429, 'rate_limit_error', 'Number of requests has exceeded your per-minute rate limit.');
      case 'quota': return err(400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.');
      case 'server': return err(500, 'api_error', 'Internal server error');
      case 'overloaded': return err(529, 'overloaded_error', 'Overloaded');
      case 'unauthorized': return err(401, 'authentication_error', `invalid x-api-key: ${opts.key ?? ''}`);
      case 'custom': return err(400, 'invalid_request_error', custom);
    }
  }
  const err = (status: number, statusText: string, message: string, details: unknown[] = []) =>
    ({ status: opts.status ?? status, body: { error: { code: opts.status ?? status, message, status: statusText, details } } });
  const retryInfo = opts.retryDelay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: opts.retryDelay }] : [];
  const quotaFailure = (id: string) => ({ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: id }] });
  switch (kind) {
    case 'rate_limit': return err(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [quotaFailure('GenerateRequestsPerMinutePerProjectPerModel'), ...retryInfo]);
    case 'quota': return err(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [quotaFailure('GenerateRequestsPerDayPerProjectPerModel-FreeTier')]);
    case 'server': return err(500, 'INTERNAL', 'An internal error has occurred.');
    case 'overloaded': return err(529, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
    // Gemini answers a bad key with 400 INVALID_ARGUMENT / API_KEY_INVALID, not 401.
    case 'unauthorized': return err(400, 'INVALID_ARGUMENT', `API key not valid (${opts.key ?? ''}). Please pass a valid API key.`, [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }]);
    case 'custom': return err(400, 'INVALID_ARGUMENT', custom);
  }
}

/** The key the request carried, whichever header its SDK uses. */
export function keyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7);
  const k = headers['x-api-key'] ?? headers['x-goog-api-key'];
  return typeof k === 'string' ? k : undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c === 'string' ? c : c?.text ?? '')).join('');
  return '';
}

function partsText(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p) => p?.text ?? '').join('') : '';
}
