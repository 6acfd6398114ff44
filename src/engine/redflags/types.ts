import type { AgentRole, FileChange, RedFlagHit } from '../model';

/** A sample as the domain's strict parser reads it: its exact-match vote key and parsed output. */
export interface ParsedSample {
  key: string;
  output: unknown;
}

/** A domain's strict parser: throws on anything malformed (a `format` red flag). */
export type Parser = (text: string) => ParsedSample;

/** What a red flagger sees of one sample. */
export interface Draft {
  role: AgentRole;
  text: string;
  finish: 'stop' | 'length' | 'error';
  tokensOut: number;
  /** The max_tokens the request was sent with. */
  maxTokens: number;
  stepDescription: string;
  /**
   * Set by the `format` flagger: its parse of `text`, which travels on with the sample so that
   * nothing parses it again; the `apply` flagger replaces its key with the change set's (a code
   * candidate is the change it makes). The sampler makes every draft with it `undefined` (one
   * object shape).
   */
  parsed?: ParsedSample;
  /**
   * Set by the `apply` flagger: the files as the candidate would leave them, so the syntax flag
   * parses whole resulting files (a SEARCH/REPLACE fragment cannot be parsed on its own).
   */
  planned?: FileChange[];
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
