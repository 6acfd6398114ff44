// The config.yaml schema: the original tool's format, unchanged, plus our optional keys
// (flow, vote, per-agent provider/temperature/max_tokens/system_prompt, limits, thresholds,
// chain, pricing). Unknown keys are errors, so a typo never silently does nothing.
import { z } from 'zod';
import { SAMPLING_MODES } from '../engine/config';
import { LIMITS } from '../engine/limits';

const positiveInt = z.number().int().positive();
const nonNegInt = z.number().int().min(0);
// auto: SEARCH/REPLACE blocks for long files, whole files for short ones (src/engine/editFormat.ts).
const APPLIERS = ['overwrite_file', 'patch_file', 'search_replace', 'auto', 'none'] as const;

export const redFlaggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('length'), max_tokens: positiveInt }).strict(),
  z.object({ type: z.literal('format') }).strict(),
  z.object({ type: z.literal('syntax'), language: z.string().min(1), scope: z.enum(['auto', 'whole', 'files']).optional(), extract_xml: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('markdown'), require_heading: z.boolean().optional(), min_sections: nonNegInt.optional(), max_chars: nonNegInt.optional() }).strict(),
  z.object({ type: z.literal('llm_critique'), model: z.string().min(1), provider: z.string().optional(), prompt_template: z.string().min(1), max_tokens: positiveInt.optional() }).strict(),
]);

const temperature = z.union([
  z.number().min(0).max(2),
  z.object({ first: z.number().min(0).max(2), later: z.number().min(0).max(2) }).strict(),
]);

const modelRef = z.union([z.string().min(1), z.object({ provider: z.string().min(1).optional(), model: z.string().min(1) }).strict()]);

export const agentSchema = z
  .object({
    prompt_template: z.string().min(1, 'prompt_template must not be empty'),
    system_prompt: z.string().min(1).optional(),
    model: z.string().min(1, 'model must not be empty'),
    provider: z.string().min(1).optional(),
    // The same ranges as --samples and --k: a typo like k: 1000000 would otherwise hang the first race.
    samples: positiveInt.max(LIMITS.samples.max).optional(),
    k: positiveInt.max(LIMITS.k.max).optional(),
    temperature: temperature.optional(),
    max_tokens: positiveInt.optional(),
    red_flaggers: z.array(redFlaggerSchema).optional(),
    // (ours) token budget of {{repo_map}} in this agent's prompts; 0 turns the map off.
    repo_map_tokens: nonNegInt.max(LIMITS.repoMapTokens.max).optional(),
    // Sampling for providers that take it (the local model): top_k 0 and top_p 1 turn those filters off.
    top_k: nonNegInt.optional(),
    top_p: z.number().gt(0).max(1).optional(),
    min_p: z.number().min(0).max(1).optional(),
    seed: z.union([z.literal('random'), nonNegInt]).optional(),
    // (ours) how a race's rounds become requests: one per sample, or n choices per request.
    sampling: z.enum(SAMPLING_MODES).optional(),
    // Mixed-model races: a model name (the agent's provider) or { provider, model }.
    models: z.array(modelRef).min(1).optional(),
    escalate: z.object({ to: modelRef, on: z.literal('disagreement') }).strict().optional(),
  })
  .strict();

export const domainSchema = z
  .object({
    flow: z.enum(['tree', 'chain']).optional(),
    vote: z.enum(['exact', 'judge']).optional(),
    vote_rule: z.enum(['ahead_by_k', 'first_to_k']).optional(),
    agents: z
      .object({
        decomposition: agentSchema.optional(),
        decomposition_discriminator: agentSchema.optional(),
        solver: agentSchema,
        solution_discriminator: agentSchema.optional(),
      })
      .strict(),
    step_granularity: z.object({ max_files: positiveInt, max_lines_changed: positiveInt }).strict().optional(),
    verifier: z.union([z.string().min(1), z.object({ command: z.string().min(1), timeout_ms: positiveInt.optional() }).strict()]).optional(),
    applier: z.union([z.enum(APPLIERS), z.object({ type: z.enum(APPLIERS) }).strict()]).optional(),
    on_verify_fail: z.enum(['retry', 'pause', 'fail']).optional(),
    verify_retries: nonNegInt.optional(),
    red_flaggers: z.array(redFlaggerSchema).optional(),
    limits: z
      .object({
        max_depth: nonNegInt.optional(),
        min_words_to_decompose: nonNegInt.optional(),
        vote_cap: positiveInt.optional(),
        on_vote_cap: z.enum(['plurality', 'pause']).optional(),
        resample_budget: nonNegInt.optional(),
        warn_usd: z.number().gt(LIMITS.spendMarkUsd.min).max(LIMITS.spendMarkUsd.max).optional(),
        max_cost_per_step: z.number().gt(LIMITS.spendMarkUsd.min).max(LIMITS.spendMarkUsd.max).optional(),
      })
      .strict()
      .optional(),
    human_thresholds: z.object({ red_flags: nonNegInt.optional(), resamples: nonNegInt.optional(), low_margin: z.number().int().optional() }).strict().optional(),
    chain: z.object({ task: z.literal('hanoi'), disks: z.number().int().min(1).max(30).optional() }).strict().optional(),
    description: z.string().optional(),
  })
  .strict();

/** $ per million tokens of one model; the cache rates in the file's snake_case, as pricing.ts's ModelPrice. */
const priceSchema = z
  .object({ input: z.number().min(0), output: z.number().min(0), cached_input: z.number().min(0).optional(), cache_write: z.number().min(0).optional() })
  .strict()
  .transform(({ cached_input, cache_write, ...price }) => ({
    ...price,
    ...(cached_input === undefined ? {} : { cachedInput: cached_input }),
    ...(cache_write === undefined ? {} : { cacheWrite: cache_write }),
  }));

export const configSchema = z
  .object({
    domains: z.record(z.string().regex(/^[\w-]+$/, 'domain names are letters, digits, _ and -'), domainSchema),
    pricing: z.record(z.string(), priceSchema).optional(),
  })
  .strict();

export type RawConfig = z.infer<typeof configSchema>;
export type RawDomain = z.infer<typeof domainSchema>;
export type RawAgent = z.infer<typeof agentSchema>;
