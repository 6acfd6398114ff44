// `llm_critique`: a second model reads the sample ({{candidate}} in its template) and says
// whether it is bad. Two verdict forms are read: ours, a line "VERDICT: OK" or "VERDICT: BAD
// <reason>" (it wins wherever it appears), and the original tool's, an answer whose first word
// is "yes" (the template asked "is this answer bad?") flags and "no" passes. Anything else is
// a flag too, since a checker that cannot say "fine" must not let a sample through.
import type { RedFlagHit } from '../model';
import type { LlmClient } from '../ports';
import { withOriginalVars } from '../originalVars';
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
    const vars = withOriginalVars(this.opts.template, { task: d.stepDescription, step: d.stepDescription, candidate: d.text }, d.stepDescription, d.role);
    const prompt = render(this.opts.template, vars);
    const res = await this.llm.complete(
      { provider: this.opts.provider, model: this.opts.model, role: d.role, prompt, temperature: 0, maxTokens: this.opts.maxTokens },
      this.signal,
    );
    const m = /VERDICT:\s*(OK|BAD)\b(.*)$/im.exec(res.text);
    if (m) return m[1].toUpperCase() === 'BAD' ? { flagger: this.name, reason: (m[2].trim() || 'critic said BAD').slice(0, 300) } : null;
    const answer = res.text.trim();
    const yesNo = /^(yes|no)\b/i.exec(answer)?.[1].toLowerCase();
    if (yesNo === 'yes') return { flagger: this.name, reason: `critic said: ${answer.slice(0, 300)}` };
    if (yesNo === 'no') return null;
    return { flagger: this.name, reason: `critic gave no verdict: ${res.text.slice(0, 120)}` };
  }
}
