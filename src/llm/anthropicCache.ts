// Anthropic caches only what a request marks with cache_control (OpenAI and Gemini cache a
// prompt's leading bytes on their own). We mark the stable part: the system prompt, and the
// leading part of the user message that every step shares (LlmRequest.stablePrefix), as its own
// text block. A marked prefix shorter than the model's minimum is not cached at all, so it is left
// unmarked: nothing is gained, and the request stays as plain as before.
import type Anthropic from '@anthropic-ai/sdk';
import type { LlmRequest } from '../engine/ports';
import { estimateInputTokens } from './budget';

/**
 * The shortest prefix Anthropic caches, in tokens (its prompt-caching guide, 2025-12): 4096 for
 * Claude Opus 4.5 and Haiku 4.5, 2048 for the Haiku 3 models, 1024 for the others.
 */
export function minCacheTokens(model: string): number {
  if (/opus-4-5|haiku-4-5/.test(model)) return 4096;
  if (/3-5-haiku|3-haiku/.test(model)) return 2048;
  return 1024;
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/** The system and user content of a messages request, with the stable prefix marked for the cache where it is long enough. */
export function cacheMarked(request: Pick<LlmRequest, 'model' | 'system' | 'prompt' | 'stablePrefix'>): {
  system?: string | Anthropic.TextBlockParam[];
  content: string | Anthropic.TextBlockParam[];
} {
  const min = minCacheTokens(request.model);
  const system = request.system || undefined;
  const markSystem = system !== undefined && estimateInputTokens({ prompt: system }) >= min;
  const cut = Math.min(request.stablePrefix ?? 0, request.prompt.length);
  const stable = request.prompt.slice(0, cut);
  // The user block's mark covers the system prompt too (a cached prefix is everything before the mark).
  const markPrompt = cut > 0 && estimateInputTokens({ system, prompt: stable }) >= min;
  const rest = request.prompt.slice(cut);
  let content: string | Anthropic.TextBlockParam[] = request.prompt;
  if (markPrompt) {
    content = [{ type: 'text', text: stable, cache_control: EPHEMERAL }];
    // Anthropic refuses an empty text block.
    if (rest) content.push({ type: 'text', text: rest });
  }
  return { system: markSystem ? [{ type: 'text', text: system, cache_control: EPHEMERAL }] : system, content };
}
