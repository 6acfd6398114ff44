// One n-sampling request, several samples: how its bill is split over its choices so that each
// sample carries its own tokens and cost and the samples of a request sum exactly to its bill.
// - Input (the prompt, billed once per request), and any other per-request count a provider
//   reports beside it, is split evenly: each choice gets floor(total / n), the first
//   (total mod n) choices one more. A sample's input is its share of the prompt it was drawn from.
// - Output is billed per choice. A provider that reports each choice's count (Gemini's
//   candidate tokenCount) is taken at its word when the counts add up; OpenAI reports only the
//   total, which is split in proportion to each choice's text length (largest remainders, so
//   the integers still sum to the total).
// - Cost: each choice priced from its own usage; the last one takes what the others leave, so
//   the choices' costs add up to the request's cost exactly as the accounting counted it.
import type { LlmChoice, LlmRequest, LlmResponse, LlmUsage } from '../engine/ports';
import { costOf, type PricingTable } from './pricing';

export interface RawChoice {
  text: string;
  finish: LlmResponse['finish'];
  /** The provider's own output count for this choice, when it reports one. */
  output?: number;
}

/** The response, with its choices split from its usage when the request asked for several. */
export function withChoices(request: LlmRequest, raw: () => RawChoice[], response: LlmResponse): LlmResponse {
  if ((request.n ?? 1) <= 1) return response;
  response.choices = splitChoices(response.usage, raw(), request.maxTokens);
  return response;
}

/** `maxTokens`: no estimated share goes past it (the length red flag reads it), the excess goes to the others. */
export function splitChoices(usage: LlmUsage, raw: RawChoice[], maxTokens = Infinity): LlmChoice[] {
  const n = raw.length;
  const outputs = ownCounts(usage.output, raw) ?? capped(byLength(usage.output, raw.map((c) => c.text.length)), maxTokens);
  return raw.map((c, i) => {
    const share = {} as Record<string, number>;
    for (const [key, total] of Object.entries(usage)) {
      if (key !== 'output' && typeof total === 'number') share[key] = Math.floor(total / n) + (i < total % n ? 1 : 0);
    }
    return { text: c.text, finish: c.finish, usage: { ...(share as unknown as LlmUsage), output: outputs[i] } };
  });
}

/** The choices priced one by one; the last takes the remainder of `totalUsd`. */
export function priceChoices(model: string, choices: LlmChoice[], totalUsd: number, pricing?: PricingTable): LlmChoice[] {
  let rest = totalUsd;
  return choices.map((c, i) => {
    const usd = i === choices.length - 1 ? Math.max(0, rest) : costOf(model, c.usage, pricing).usd;
    rest -= usd;
    return { ...c, costUsd: usd };
  });
}

function ownCounts(total: number, raw: RawChoice[]): number[] | undefined {
  if (!raw.every((c) => typeof c.output === 'number')) return undefined;
  const counts = raw.map((c) => c.output as number);
  return counts.reduce((a, b) => a + b, 0) === total ? counts : undefined;
}

function capped(out: number[], cap: number): number[] {
  let excess = 0;
  for (let i = 0; i < out.length; i++) if (out[i] > cap) (excess += out[i] - cap), (out[i] = cap);
  for (let i = 0; i < out.length && excess > 0; i++) {
    const give = Math.min(cap - out[i], excess);
    out[i] += give;
    excess -= give;
  }
  return out;
}

/** `total` in integers proportional to `weights` (equal shares when all are 0), summing to total. */
function byLength(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]++;
    left--;
  }
  return out;
}
