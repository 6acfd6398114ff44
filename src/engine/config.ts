// The hydrated, validated domain configuration the engine runs on. src/config turns
// config.yaml (the original tool's format plus our optional keys) into these objects;
// templates are already loaded as text here.
import type { AgentRole, PauseThresholds } from './model';
import type { VoteRule } from './race';

export type RedFlaggerConfig =
  | { type: 'length'; max_tokens: number }
  | { type: 'format' }
  | { type: 'syntax'; language: string; scope?: 'auto' | 'whole' | 'files'; extract_xml?: boolean }
  | { type: 'markdown'; require_heading?: boolean; min_sections?: number; max_chars?: number }
  | { type: 'llm_critique'; model: string; provider?: string; prompt_template: string; max_tokens?: number };

export interface AgentConfig {
  role: AgentRole;
  /** Handlebars source text. */
  template: string;
  /** Token budget of the `{{repo_map}}` variable in this agent's prompts (0 or absent: no map). */
  repoMapTokens?: number;
  /** Where the template came from (a path or '<inline>'), for error messages. */
  templateSource: string;
  /** Optional system prompt (Handlebars source), rendered with the same variables. */
  system?: string;
  provider?: string;
  model: string;
  samples: number;
  k: number;
  temperature: { first: number; later: number };
  maxTokens: number;
  redFlaggers: RedFlaggerConfig[];
  /** Round-robin across these models, one per sample (the paper's decorrelation); unset: `model` alone. */
  models?: { provider?: string; model: string }[];
  /** Start on the agent's own model(s); once the votes disagree, draw from `to`. */
  escalate?: { to: { provider?: string; model: string }; on: 'disagreement' };
  /** top_k/top_p/min_p/seed from config.yaml; seed 'random' (or unset) draws a fresh seed per sample. */
  sampling?: { topK?: number; topP?: number; minP?: number; seed?: number | 'random' };
  /** config.yaml `sampling:` — how a race's rounds become requests (n-sampling, engine/rounds.ts); unset: separate. */
  draws?: SamplingMode;
}

/**
 * separate: one request per sample (the paper's way); batched: each round of a race in one
 * n-sampling request; after_first: the step's first vote alone at its own temperature, the rest
 * of each round in one request.
 */
export type SamplingMode = 'separate' | 'batched' | 'after_first';
export const SAMPLING_MODES: readonly SamplingMode[] = ['separate', 'batched', 'after_first'];

export interface VerifierConfig {
  /** The shell command; 'auto' (with `auto: true`) means the workspace detects it from the repository. */
  command: string;
  auto?: boolean;
  timeoutMs: number;
}

export interface DomainConfig {
  name: string;
  description?: string;
  flow: 'tree' | 'chain';
  vote: 'exact' | 'judge';
  /** How a race is decided; unset: ahead_by_k. */
  voteRule?: VoteRule;
  agents: Partial<Record<AgentRole, AgentConfig>>;
  stepGranularity: { maxFiles: number; maxLinesChanged: number };
  /** auto: SEARCH/REPLACE blocks for long files, whole files below (see editFormat.ts). */
  applier: 'overwrite_file' | 'patch_file' | 'search_replace' | 'auto' | 'none';
  verifier?: VerifierConfig;
  onVerifyFail: 'retry' | 'pause' | 'fail';
  verifyRetries: number;
  redFlaggers: RedFlaggerConfig[];
  limits: {
    maxDepth: number;
    minWordsToDecompose: number;
    /** Most valid votes one race may take before the cap decides it. */
    voteCap: number;
    onVoteCap: 'plurality' | 'pause';
    /** Most red-flagged (discarded) samples per step before the step pauses. */
    resampleBudget: number;
    /** Spend warning, USD (limits.warn_usd; --warn-usd wins). */
    warnUsd?: number;
    /** Where limits.warn_usd is written ("file:line:col"), for the error when it is not below the budget. */
    warnUsdAt?: string;
    /** Per-step cap, USD (limits.max_cost_per_step; --max-step-usd wins). */
    maxCostPerStep?: number;
  };
  humanThresholds: PauseThresholds;
  /** Chain domains name their task; hanoi is built in. */
  chain?: { task: 'hanoi'; disks: number };
  /** $ per million tokens, by model; overrides the built-in table. */
  pricing: Record<string, { input: number; output: number }>;
}

export interface LoadedConfig {
  path: string;
  domains: Record<string, DomainConfig>;
}
