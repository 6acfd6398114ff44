// RunOverrides as a strict zod shape, for the front ends that receive them as JSON (serve's
// request bodies, the MCP tools' arguments): one table, so a misspelt option is refused the same
// way everywhere instead of silently running with defaults. Numeric bounds come from the one
// LIMITS table (checkRunNumbers applies the same ones to every other source). Descriptions are
// for the reader of a JSON schema: an MCP client shows them to the model that calls the tool.
import { z } from 'zod';
import { SAMPLING_MODES } from '../engine/config';
import { LIMITS, type Bound } from '../engine/limits';

const bounded = (b: Bound) => {
  const n = (b.positive ? z.number().gt(b.min) : z.number().min(b.min)).max(b.max);
  return b.int ? n.int() : n;
};
const nonNegInt = z.number().int().min(0);

export const RUN_OVERRIDES_SHAPE = {
  configPath: z.string().min(1).optional().describe('A config.yaml with the domains (default: the bundled one)'),
  repoPath: z.string().min(1).optional().describe('Repository a code run edits (default: the current folder)'),
  provider: z.string().min(1).optional().describe('LLM provider for every agent: simulated, scripted, openai, anthropic, gemini, grok, openai-compatible'),
  model: z.string().min(1).optional().describe('Model for every agent that names none, e.g. gpt-4.1-mini'),
  apiKey: z.string().min(1).optional(),
  baseUrl: z.string().url().optional().describe('Base URL of an OpenAI-compatible server, e.g. http://localhost:11434/v1'),
  samples: bounded(LIMITS.samples).optional().describe('Samples drawn first per race'),
  k: bounded(LIMITS.k).optional().describe('Votes the leader needs ahead of every other answer (first-to-ahead-by-k)'),
  adaptiveK: z.boolean().optional().describe('Move k by ±1 on recent vote margins'),
  maxConcurrentLlm: bounded(LIMITS.maxConcurrentLlm).optional().describe('Most LLM calls in flight at once'),
  stepByStep: z.boolean().optional().describe('Pause after every step for a human decision'),
  dryRun: z.boolean().optional().describe('Plan change sets, never write files or run verifiers'),
  budgetUsd: bounded(LIMITS.budgetUsd).optional().describe('Pause before the session spends more than this many US dollars'),
  warnUsd: bounded(LIMITS.spendMarkUsd).optional().describe('Notify once when the session has spent this many US dollars, and go on (below budgetUsd)'),
  maxStepUsd: bounded(LIMITS.spendMarkUsd).optional().describe('Pause a race that would spend more than this many US dollars on one step'),
  thresholds: z
    .object({ redFlags: nonNegInt.optional(), resamples: nonNegInt.optional(), lowMargin: z.number().int().optional() })
    .strict()
    .optional()
    .describe('Ask a human when a step reaches this many red flags or resamples, or a margin this low (0 disables)'),
  disks: bounded(LIMITS.disks).optional().describe('Towers of Hanoi disks (hanoi domain)'),
  errorRate: bounded(LIMITS.errorRate).optional().describe('Error rate of the simulated model (0-1)'),
  seed: bounded(LIMITS.seed).optional().describe('Seed of the simulated model'),
  latencyMs: bounded(LIMITS.latencyMs).optional().describe('Latency of one simulated call, ms'),
  scriptPath: z.string().min(1).optional().describe('The scripted model: a YAML/JSON file of responses per agent role'),
  allowDirty: z.boolean().optional().describe('Run a code task on a repository with uncommitted changes'),
  commit: z.boolean().optional().describe('Make one git commit per verified step'),
  timeoutMs: bounded(LIMITS.timeoutMs).optional().describe('Timeout of one LLM call, ms'),
  maxDepth: nonNegInt.optional().describe('Decomposition depth limit'),
  voteRule: z.enum(['ahead_by_k', 'first_to_k']).optional().describe('How races are decided: ahead_by_k (the paper: lead the runner-up by k) or first_to_k (first to k votes)'),
  sampling: z.enum(SAMPLING_MODES).optional().describe('How votes become requests: separate (one each), batched (a round in one request with n choices), after_first (the first vote alone, then batched)'),
  extraVars: z.record(z.string(), z.unknown()).optional(),
  chainStart: z.object({ state: z.string(), previous: z.unknown().optional() }).strict().optional(),
  maxSteps: z.number().int().positive().optional(),
};
