// The providers' prompt caches, emulated for the local LLM server (llmServer.ts, option
// `promptCache`), so tests and `bench:cost` see the cached counts a real provider reports:
// - OpenAI: automatic, for prompts of at least 1024 tokens; the longest prefix seen before
//   counts, in 128-token steps above the first 1024 (prompt_tokens_details.cached_tokens);
// - Gemini: automatic (implicit caching), at least 1024 tokens, any length (cachedContentTokenCount);
// - Anthropic: only prefixes that end at a block marked with cache_control, at least the
//   minimum long: written on first use (cache_creation_input_tokens), read after (cache_read_input_tokens).
// An entry lives `ttlMs` after its last use (5 minutes, Anthropic's default). A request finds what
// was committed when earlier requests were answered, as on the real services: parallel first
// requests all miss. Tokens are words, as the server counts them by default, unless `tokenEnds` says
// otherwise (it must agree with the server's countTokens).
import { createHash } from 'node:crypto';
import type { WireProvider } from './llmServerWire';

export interface PromptCacheOptions {
  /** Shortest cached prefix in tokens (OpenAI, Gemini 2.5 Flash and most Claude models: 1024). */
  minTokens?: number;
  /** OpenAI's granularity above the minimum. */
  openAiStep?: number;
  ttlMs?: number;
  now?: () => number;
  /** Where each token of a text ends (default: each whitespace-separated word). */
  tokenEnds?: (text: string) => number[];
}

export interface CacheUse {
  /** Tokens read from the cache. */
  read: number;
  /** Tokens written to it (Anthropic only). */
  write: number;
}

/** What one request found, and what it adds to the cache once it is answered. */
export interface CacheLookup {
  use: CacheUse;
  commit(): void;
}

/** Most recent prompts kept per shared head, so a long benchmark's memory stays bounded. */
const PER_HEAD = 32;

export class PromptCache {
  /** Automatic caches: prompts by a hash of their first minTokens tokens, with their last use. */
  private readonly heads = new Map<string, Map<string, number>>();
  /** Anthropic: hashes of marked prefixes, with their last use. */
  private readonly marked = new Map<string, number>();
  private readonly min: number;
  private readonly step: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly ends: (text: string) => number[];

  constructor(opts: PromptCacheOptions = {}) {
    this.min = opts.minTokens ?? 1024;
    this.step = opts.openAiStep ?? 128;
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
    this.ends = opts.tokenEnds ?? wordEnds;
  }

  lookup(provider: WireProvider, body: unknown, system: string | undefined, prompt: string): CacheLookup {
    if (provider === 'anthropic') return this.explicit(body);
    return this.automatic(`${system ?? ''} ${prompt}`, provider === 'openai' ? this.step : 1);
  }

  private automatic(text: string, step: number): CacheLookup {
    const ends = this.ends(text);
    if (ends.length < this.min) return { use: { read: 0, write: 0 }, commit: () => {} };
    const head = hash(text.slice(0, ends[this.min - 1]));
    const seen = this.heads.get(head);
    let common = 0;
    for (const [other, at] of seen ?? []) {
      if (this.fresh(at)) common = Math.max(common, commonPrefix(text, other));
    }
    const tokens = ends.filter((e) => e <= common).length;
    const read = tokens >= this.min ? this.min + Math.floor((tokens - this.min) / step) * step : 0;
    return {
      use: { read, write: 0 },
      commit: () => {
        const prompts = this.heads.get(head) ?? new Map<string, number>();
        prompts.delete(text);
        prompts.set(text, this.now());
        if (prompts.size > PER_HEAD) prompts.delete(prompts.keys().next().value as string);
        this.heads.set(head, prompts);
      },
    };
  }

  private explicit(body: unknown): CacheLookup {
    const { text, marks } = anthropicBlocks(body);
    const ends = this.ends(text);
    // Each marked prefix long enough to be cached: its hash and its length in tokens.
    const points = marks
      .map((at) => ({ key: hash(text.slice(0, at)), tokens: ends.filter((e) => e <= at).length }))
      .filter((p) => p.tokens >= this.min);
    if (points.length === 0) return { use: { read: 0, write: 0 }, commit: () => {} };
    let read = 0;
    for (const p of points) if (this.fresh(this.marked.get(p.key))) read = Math.max(read, p.tokens);
    const last = points[points.length - 1];
    return {
      use: { read, write: last.tokens - read },
      commit: () => {
        for (const p of points) this.marked.set(p.key, this.now());
      },
    };
  }

  private fresh(at: number | undefined): boolean {
    return at !== undefined && this.now() - at <= this.ttlMs;
  }
}

/**
 * An Anthropic request as the server counts it (system, a space, the user blocks joined), and the
 * offsets in it where a block marked with cache_control ends.
 */
function anthropicBlocks(body: any): { text: string; marks: number[] } {
  let text = '';
  const marks: number[] = [];
  const add = (blocks: unknown): void => {
    if (typeof blocks === 'string') text += blocks;
    else if (Array.isArray(blocks)) {
      for (const b of blocks) {
        text += typeof b?.text === 'string' ? b.text : '';
        if (b?.cache_control) marks.push(text.length);
      }
    }
  };
  add(body?.system ?? '');
  text += ' ';
  for (const m of Array.isArray(body?.messages) ? body.messages : []) if (m?.role === 'user') add(m.content);
  return { text, marks };
}

/** Where each whitespace-separated token ends. */
function wordEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(/\S+/g)) ends.push(m.index + m[0].length);
  return ends;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
