// MAKER's vote schedule relies on temperature (0 for a step's first vote, then 0.1), so we
// send it on every request. Some models refuse it with HTTP 400: OpenAI's reasoning models
// accept only the default, and the current @anthropic-ai/sdk no longer even types the
// field (the API deprecates it for newer models). Rather than fail a whole session on a
// parameter, a model that refuses temperature once is called without it from then on.
import { ProviderError } from './errors';

export class TemperatureSupport {
  private readonly refused = new Set<string>();

  constructor(private readonly knownRefusers: (model: string) => boolean = () => false) {}

  accepts(model: string): boolean {
    return !this.refused.has(model) && !this.knownRefusers(model);
  }

  /**
   * True when `err` is the provider rejecting the temperature parameter for `model`; the
   * model is remembered, and the caller should repeat the call once without temperature.
   */
  refusedBy(model: string, err: unknown): boolean {
    if (!(err instanceof ProviderError) || err.kind !== 'http' || err.status !== 400) return false;
    if (!/temperature/i.test(err.detail)) return false;
    this.refused.add(model);
    return true;
  }
}

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, the gpt-5 family except its chat variants)
 * answer HTTP 400 to any temperature but the default; skip the failed first call for them.
 */
export function openAiReasoningModel(model: string): boolean {
  const m = model.toLowerCase();
  if (/^o\d/.test(m)) return true;
  return /^gpt-5/.test(m) && !m.includes('chat');
}
