// Prices every response and keeps the budget honest, so the engine receives `costUsd` on
// each sample and never needs the pricing table itself.
import type { AgentRole } from '../engine/model';
import type { LlmClient, LlmRequest, LlmResponse, LlmUsage, Logger } from '../engine/ports';
import type { BudgetGuard } from './budget';
import { priceChoices } from './choiceUsage';
import { costOf, type PricingTable } from './pricing';

export interface UsageEvent {
  provider: string;
  model: string;
  role: AgentRole;
  usage: LlmUsage;
  costUsd: number;
  /** false when the model is in no price table: costUsd is then 0 and means "unknown". */
  priced: boolean;
  latencyMs: number;
  finish: LlmResponse['finish'];
}

export interface UsageTotals {
  calls: number;
  /** Every input token; cachedInput and cacheWrite are parts of it, priced at their own rates. */
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  costUsd: number;
  /** Models that were used but have no price. */
  unpricedModels: string[];
}

export interface AccountingOptions {
  pricing?: PricingTable;
  budget?: BudgetGuard;
  onUsage?: (event: UsageEvent) => void;
  logger?: Logger;
}

export class AccountingClient implements LlmClient {
  private readonly totalsSoFar = { calls: 0, input: 0, cachedInput: 0, cacheWrite: 0, output: 0, costUsd: 0 };
  private readonly unpriced = new Set<string>();

  constructor(private readonly inner: LlmClient, private readonly opts: AccountingOptions = {}) {}

  async complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const budget = this.opts.budget;
    const reservation = budget?.reserve(request);
    let response: LlmResponse;
    try {
      response = await this.inner.complete(request, signal);
    } catch (err) {
      if (reservation) budget?.release(reservation);
      throw err;
    }
    // A client that knows its own price (e.g. a simulated one) keeps it.
    const cost = response.costUsd !== undefined ? { usd: response.costUsd, priced: true } : costOf(request.model, response.usage, this.opts.pricing);
    if (reservation) budget?.settle(reservation, cost.usd);
    if (!cost.priced) this.unpriced.add(request.model);
    this.totalsSoFar.calls++;
    this.totalsSoFar.input += response.usage.input;
    this.totalsSoFar.cachedInput += response.usage.cachedInput ?? 0;
    this.totalsSoFar.cacheWrite += response.usage.cacheWrite ?? 0;
    this.totalsSoFar.output += response.usage.output;
    this.totalsSoFar.costUsd += cost.usd;
    // A response that already carries its price is passed on as is (no copy per call).
    let priced = response.costUsd === cost.usd ? response : { ...response, costUsd: cost.usd };
    if (response.choices && response.choices.some((c) => c.costUsd === undefined)) {
      priced = { ...priced, choices: priceChoices(request.model, response.choices, cost.usd, this.opts.pricing) };
    }
    try {
      this.opts.onUsage?.({
        provider: request.provider, model: request.model, role: request.role, usage: response.usage,
        costUsd: cost.usd, priced: cost.priced, latencyMs: response.latencyMs, finish: response.finish,
      });
    } catch (err) {
      // A broken listener must not turn a paid-for answer into a failure.
      this.opts.logger?.warn(`usage listener failed: ${String(err)}`);
    }
    return priced;
  }

  totals(): UsageTotals {
    return { ...this.totalsSoFar, unpricedModels: [...this.unpriced] };
  }
}
