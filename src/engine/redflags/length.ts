// `length`: the paper's strongest red flag. Long answers correlate with confused reasoning, and the
// request is sent with max_tokens so the provider truncates: a truncated answer counts as flagged.
import type { RedFlagHit } from '../model';
import type { Draft, RedFlagger } from './types';

export class LengthFlagger implements RedFlagger {
  readonly name = 'length';
  constructor(private readonly maxTokens: number) {}

  check(d: Draft): RedFlagHit | null {
    if (d.finish === 'length') return { flagger: this.name, reason: `truncated at max_tokens=${d.maxTokens}` };
    if (d.tokensOut > this.maxTokens) return { flagger: this.name, reason: `${d.tokensOut} output tokens > ${this.maxTokens}` };
    return null;
  }
}
