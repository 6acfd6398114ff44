import type { AgentRole, RedFlagHit } from '../model';

/** What a red flagger sees of one sample. */
export interface Draft {
  role: AgentRole;
  text: string;
  finish: 'stop' | 'length' | 'error';
  tokensOut: number;
  /** The max_tokens the request was sent with. */
  maxTokens: number;
  stepDescription: string;
}

/**
 * A red flagger discards samples that look wrong; the engine then resamples, never repairs.
 * It returns null when the sample passes. A thrown error is reported as a flag by the pipeline:
 * a flagger that crashes must never silently pass a sample.
 */
export interface RedFlagger {
  readonly name: string;
  check(draft: Draft): RedFlagHit | null | Promise<RedFlagHit | null>;
}
