// What a call costs: $ per million input and output tokens, by model. The built-in table
// holds the providers' published list prices (standard tier, no batch discounts) as of
// 2025-12, with the prompt-cache rates where the provider publishes them; prices change, so
// config.yaml's `pricing` map overrides any entry and adds models. A model found nowhere costs 0
// and is reported `priced: false`, so the CLI can say "cost unknown" instead of a confident $0.
import { own } from '../engine/own';
import type { LlmUsage } from '../engine/ports';

export interface ModelPrice {
  /** $ per million input tokens. */
  input: number;
  /** $ per million output tokens. */
  output: number;
  /** $ per million input tokens read from the provider's prompt cache; absent: no cache discount known. */
  cachedInput?: number;
  /** $ per million input tokens written to the cache (Anthropic bills a premium); absent: the input price. */
  cacheWrite?: number;
}

export type PricingTable = Record<string, ModelPrice>;

/**
 * Prices as of 2025-12 (USD per 1M tokens). Dated variants (gpt-4.1-2025-04-14, claude-sonnet-4-5-20250929) match by prefix.
 * Cache rates: OpenAI bills cached input at 25 % of input (gpt-4.1 family, o3, o4-mini), 10 % (gpt-5 family) or
 * 50 % (gpt-4o family), and nothing extra for writing. Anthropic bills a cache read at 10 % of input and a
 * 5-minute cache write at 125 %. Gemini 2.5 bills implicitly cached input at 25 % (and nothing to write;
 * the storage fee is for explicit caches, which we do not create). xAI publishes its cached-input rate per model.
 */
export const BUILTIN_PRICES: Readonly<PricingTable> = {
  // OpenAI
  'gpt-4.1': { input: 2.0, output: 8.0, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4o': { input: 2.5, output: 10.0, cachedInput: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'o3': { input: 2.0, output: 8.0, cachedInput: 0.5 },
  // The paper's Fig. 6b prices o3-mini (low effort) at this list price.
  'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  'gpt-5': { input: 1.25, output: 10.0, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2.0, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-5-codex': { input: 1.25, output: 10.0, cachedInput: 0.125 },
  'gpt-5.1': { input: 1.25, output: 10.0, cachedInput: 0.125 },
  'gpt-5.1-codex': { input: 1.25, output: 10.0, cachedInput: 0.125 },
  'gpt-5.1-codex-mini': { input: 0.25, output: 2.0, cachedInput: 0.025 },
  // Anthropic
  'claude-opus-4': { input: 15.0, output: 75.0, cachedInput: 1.5, cacheWrite: 18.75 },
  'claude-opus-4-1': { input: 15.0, output: 75.0, cachedInput: 1.5, cacheWrite: 18.75 },
  'claude-opus-4-5': { input: 5.0, output: 25.0, cachedInput: 0.5, cacheWrite: 6.25 },
  'claude-sonnet-4': { input: 3.0, output: 15.0, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4-5': { input: 3.0, output: 15.0, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1.0, output: 5.0, cachedInput: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4.0, cachedInput: 0.08, cacheWrite: 1.0 },
  // Google (2.5 Pro: the price for prompts up to 200k tokens)
  'gemini-2.5-pro': { input: 1.25, output: 10.0, cachedInput: 0.3125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.075 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  // xAI (cached input as xAI's model pages list it)
  'grok-4': { input: 3.0, output: 15.0, cachedInput: 0.75 },
  'grok-4-fast': { input: 0.2, output: 0.5, cachedInput: 0.05 },
  'grok-3': { input: 3.0, output: 15.0, cachedInput: 0.75 },
  'grok-3-mini': { input: 0.3, output: 0.5, cachedInput: 0.075 },
  'grok-code-fast-1': { input: 0.2, output: 1.5, cachedInput: 0.02 },
};

export interface Cost {
  usd: number;
  priced: boolean;
  /** The table key that matched, e.g. 'gpt-4.1-mini' for 'gpt-4.1-mini-2025-04-14'. */
  matched?: string;
}

/**
 * What may follow a table key and still be the same model: a date or build stamp
 * (-2025-04-14, -20250929, -0709), -latest, -beta, -preview/-exp tags. Not a minor
 * version: claude-opus-4-5 costs a third of claude-opus-4, and grok-4-fast a fifteenth of grok-4.
 */
const SAME_MODEL_SUFFIX = /^-(?:\d{3,}(?:-\d{2}){0,2}|\d{2}-\d{2}|latest|beta|(?:preview|exp)(?:-[0-9a-z-]+)?)$/i;

/** The price of `model`: config overrides first, then the built-in table; the exact name, then the longest key it extends by a date stamp. */
export function priceOf(model: string, overrides: PricingTable = {}): { price: ModelPrice; matched: string } | undefined {
  // "models/gemini-2.5-pro" (Google's resource name) and "openai/gpt-4.1" (router-style names) price like the bare model.
  const names = [model, model.replace(/^models\//, ''), model.slice(model.lastIndexOf('/') + 1)];
  for (const table of [overrides, BUILTIN_PRICES]) {
    for (const name of names) {
      const hit = lookup(name, table) ?? lookup(name.toLowerCase(), table);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function costOf(model: string, usage: LlmUsage, overrides: PricingTable = {}): Cost {
  const found = priceOf(model, overrides);
  if (!found) return { usd: 0, priced: false };
  return { usd: usdOf(found.price, usage), priced: true, matched: found.matched };
}

/**
 * $ of one call at `price`: the input read from the prompt cache at the cached rate, the input
 * written to it at the write rate, the rest of the input at the input rate, and the output.
 */
export function usdOf(price: ModelPrice, usage: LlmUsage): number {
  const read = usage.cachedInput ?? 0;
  const write = usage.cacheWrite ?? 0;
  const fresh = Math.max(0, usage.input - read - write);
  const perMillion = fresh * price.input + read * (price.cachedInput ?? price.input) + write * (price.cacheWrite ?? price.input) + usage.output * price.output;
  return perMillion / 1_000_000;
}

function lookup(name: string, table: PricingTable): { price: ModelPrice; matched: string } | undefined {
  const exact = own(table, name);
  if (exact) return { price: exact, matched: name };
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (name.startsWith(`${key}-`) && SAME_MODEL_SUFFIX.test(name.slice(key.length)) && (!best || key.length > best.length)) best = key;
  }
  return best ? { price: table[best], matched: best } : undefined;
}

/**
 * The providers' batch engines (OpenAI Batch, Anthropic Message Batches) bill input and output
 * at half the standard price, for answers within 24 h. `estimate --batch` reports its samples
 * at this factor; a run's live calls stay at the table's prices.
 */
export const BATCH_PRICE_FACTOR = 0.5;
