// Defaults for what config.yaml leaves out. Chain domains follow the paper (temperature 0 for a
// step's first vote and 0.1 after, max_tokens 750, k = 3); tree domains follow the original tool
// (depth 2, discriminator k = 2, human thresholds 4 red flags / 4 resamples / margin <= 1).
// Chain agents draw `after_first`: a step's first vote alone at T=0 as in the paper, the rest of
// each round in one n-sampling request (its short prompt billed once, not k times). Tree agents
// keep one request per sample, the original tool's behaviour; `sampling: batched` in config.yaml
// is where their long prompts save the most (README, bench:cost).
import type { SamplingMode } from '../engine/config';
import type { AgentRole } from '../engine/model';

export interface Defaults {
  temperature: { first: number; later: number };
  maxTokens: number;
  samples: number;
  k: number;
  repoMapTokens: number;
  draws: SamplingMode;
}

/**
 * A tree agent's repository map: about 1k tokens lists a few dozen files with their symbols,
 * enough to name the right file, while a 4k-token solver answer still fits beside it.
 */
export const DEFAULT_REPO_MAP_TOKENS = 1024;

export function agentDefaults(flow: 'tree' | 'chain', role: AgentRole): Defaults {
  if (flow === 'chain') return { temperature: { first: 0, later: 0.1 }, maxTokens: 750, samples: 3, k: 3, repoMapTokens: 0, draws: 'after_first' };
  const judge = role.endsWith('discriminator');
  if (judge) return { temperature: { first: 0, later: 0.3 }, maxTokens: 512, samples: 1, k: 2, repoMapTokens: DEFAULT_REPO_MAP_TOKENS, draws: 'separate' };
  return { temperature: { first: 0.2, later: 0.7 }, maxTokens: role === 'solver' ? 4096 : 1024, samples: 3, k: 2, repoMapTokens: DEFAULT_REPO_MAP_TOKENS, draws: 'separate' };
}

export function domainDefaults(flow: 'tree' | 'chain') {
  return flow === 'chain'
    ? { maxDepth: 0, minWordsToDecompose: 0, voteCap: 60, onVoteCap: 'pause' as const, resampleBudget: 50, thresholds: { redFlags: 0, resamples: 0, lowMargin: 0 } }
    : { maxDepth: 2, minWordsToDecompose: 8, voteCap: 12, onVoteCap: 'plurality' as const, resampleBudget: 20, thresholds: { redFlags: 4, resamples: 4, lowMargin: 1 } };
}
