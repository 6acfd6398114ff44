// `llm_critique`: a second model reads the sample and says whether it is bad. Its verdict is
// parsed strictly (a line "VERDICT: OK" or "VERDICT: BAD"); an unreadable verdict is a flag too,
// since a checker that cannot say "fine" must not let a sample through.
import type { RedFlagHit } from '../model';
import type { LlmClient } from '../ports';
import { render } from '../template';
import type { Draft, RedFlagger } from './types';

export interface CritiqueOptions {
  provider: string;
  model: string;
  template: string;
  maxTokens: number;
}

export class CritiqueFlagger implements RedFlagger {
  readonly name = 'llm_critique';
  constructor(
    private readonly llm: LlmClient,
    private readonly opts: CritiqueOptions,
    private readonly signal?: AbortSignal,
  ) {}

  async check(d: Draft): Promise<RedFlagHit | null> {
    const prompt = render(this.opts.template, { task: d.stepDescription, step: d.stepDescription, candidate: d.text, role: d.role });
    const res = await this.llm.complete(
      { provider: this.opts.provider, model: this.opts.model, role: d.role, prompt, temperature: 0, maxTokens: this.opts.maxTokens },
      this.signal,
    );
    const m = /VERDICT:\s*(OK|BAD)\b(.*)$/im.exec(res.text);
    if (!m) return { flagger: this.name, reason: `critic gave no verdict: ${res.text.slice(0, 120)}` };
    return m[1].toUpperCase() === 'BAD' ? { flagger: this.name, reason: (m[2].trim() || 'critic said BAD').slice(0, 300) } : null;
  }
}
