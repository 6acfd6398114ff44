// Each provider's usage block as our LlmUsage. `input` is always the whole prompt; the tokens
// the provider served from (or wrote to) its prompt cache are kept beside it, so accounting can
// price them at their own rates. Only counts a provider reports are set: absent means "none
// reported", and a run on a provider without caching keeps its sample records as small as before.
import type { LlmUsage } from '../engine/ports';

/** OpenAI chat completions (also xAI and OpenAI-compatible servers): cached tokens are part of prompt_tokens. */
export function openAiUsage(u: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number | null } | null } | null | undefined): LlmUsage {
  return withCache({ input: u?.prompt_tokens ?? 0, output: u?.completion_tokens ?? 0 }, u?.prompt_tokens_details?.cached_tokens);
}

/** Anthropic messages: input_tokens counts only what is after the last cache breakpoint, so the cached parts are added back. */
export function anthropicUsage(u: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null }): LlmUsage {
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  return withCache({ input: u.input_tokens + read + write, output: u.output_tokens }, read, write);
}

/** Gemini generateContent: cachedContentTokenCount is part of promptTokenCount; thinking tokens are billed as output. */
export function geminiUsage(m: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number; cachedContentTokenCount?: number } | undefined): LlmUsage {
  return withCache({ input: m?.promptTokenCount ?? 0, output: (m?.candidatesTokenCount ?? 0) + (m?.thoughtsTokenCount ?? 0) }, m?.cachedContentTokenCount);
}

function withCache(usage: LlmUsage, read: number | null | undefined, write?: number | null): LlmUsage {
  if (read) usage.cachedInput = read;
  if (write) usage.cacheWrite = write;
  return usage;
}
