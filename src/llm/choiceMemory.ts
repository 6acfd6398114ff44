// Which servers honour n-sampling (several choices from one request), learnt once per process.
// OpenAI, xAI and Gemini document it; Anthropic has none; of the OpenAI-compatible servers vLLM
// honours `n` while others (Ollama, llama.cpp's server) ignore it and answer once. So the first
// request with n > 1 to a (provider, base URL, model) is the probe: a reply with fewer choices
// than asked, or a 4xx refusing the request, marks that server, and from then on every request
// to it asks for one choice. The engine draws what a reply lacked separately (engine/rounds.ts),
// so a server that ignores n never silently shrinks a race.
import { LlmRefusedError } from './errors';
import { LlmConfigError, type LlmClient, type LlmRequest, type LlmResponse, type Logger } from '../engine/ports';
import type { BuiltinProvider } from './providerInfo';

/** Most choices one request may ask for, by provider (Gemini's candidateCount stops at 8). */
const MAX_CHOICES: Readonly<Record<BuiltinProvider, number>> = { openai: 128, grok: 128, 'openai-compatible': 128, gemini: 8, anthropic: 1 };

export class ChoiceMemory {
  /** Servers seen to ignore or refuse n. */
  private readonly single = new Set<string>();
  /** Servers seen to honour it: a later 4xx is about something else. */
  private readonly honoured = new Set<string>();

  constructor(private readonly log?: Logger) {}

  /** How many choices a request to this server may ask for now. */
  max(provider: BuiltinProvider, baseUrl: string | undefined, model: string): number {
    return this.single.has(keyOf(provider, baseUrl, model)) ? 1 : MAX_CHOICES[provider];
  }

  /** Sends `request` and learns from the reply; a first 4xx on n > 1 is retried once as a single choice. */
  async complete(client: LlmClient, request: LlmRequest, baseUrl: string | undefined, signal?: AbortSignal): Promise<LlmResponse> {
    const asked = request.n ?? 1;
    if (asked <= 1) return client.complete(request, signal);
    const key = keyOf(request.provider, baseUrl, request.model);
    let res: LlmResponse;
    try {
      res = await client.complete(request, signal);
    } catch (err) {
      // A refused key is no answer about n; a refused request may be (a server that rejects n).
      const refusedRequest = err instanceof LlmConfigError || (err instanceof LlmRefusedError && err.refused === 'request');
      if (!refusedRequest || this.honoured.has(key)) throw err;
      this.mark(key, request, `refused it (${err.message})`);
      return client.complete({ ...request, n: undefined }, signal);
    }
    const got = res.choices?.length ?? 1;
    if (got < asked) this.mark(key, request, `sent ${got} of ${asked} choices`);
    else this.honoured.add(key);
    return res;
  }

  private mark(key: string, request: LlmRequest, why: string): void {
    if (this.single.has(key)) return;
    this.single.add(key);
    this.log?.info(`${request.provider}/${request.model}: asked for ${request.n} choices in one request, the server ${why}; drawing one sample per request from now on`);
  }
}

function keyOf(provider: string, baseUrl: string | undefined, model: string): string {
  return `${provider} ${baseUrl ?? ''} ${model}`;
}
