// The session's spending cap (--budget-usd). A call is refused *before* it is sent if it
// could push spending past the cap, counting it at its worst case: the prompt at ~4
// characters a token plus every allowed output token. Calls in flight hold a reservation
// of that worst case, so a burst of parallel votes cannot overshoot together; when a call
// returns, its reservation is replaced by what it really cost.
import { LlmPauseError, type LlmRequest, type Logger } from '../engine/ports';
import { costOf, type PricingTable } from './pricing';

export interface BudgetOptions {
  budgetUsd: number;
  /** Already spent by this session (when resuming), USD. */
  spentUsd?: number;
  pricing?: PricingTable;
  logger?: Logger;
}

export interface Reservation {
  readonly usd: number;
  settled: boolean;
}

/** Rough input tokens of a request: ~4 characters per token in English and code. */
export function estimateInputTokens(request: Pick<LlmRequest, 'system' | 'prompt'>): number {
  return Math.ceil(((request.system?.length ?? 0) + request.prompt.length) / 4);
}

export class BudgetGuard {
  private spent: number;
  private reserved = 0;
  private readonly warnedUnpriced = new Set<string>();

  constructor(private readonly opts: BudgetOptions) {
    this.spent = opts.spentUsd ?? 0;
  }

  get budgetUsd(): number {
    return this.opts.budgetUsd;
  }

  get spentUsd(): number {
    return this.spent;
  }

  get reservedUsd(): number {
    return this.reserved;
  }

  /** The worst-case cost of `request`, USD (0 when the model has no known price). */
  estimate(request: LlmRequest): number {
    // An n-sampling request pays its prompt once and up to maxTokens for each choice.
    return costOf(request.model, { input: estimateInputTokens(request), output: request.maxTokens * (request.n ?? 1) }, this.opts.pricing).usd;
  }

  /** Holds the call's worst case against the budget, or throws LlmPauseError('budget') when it doesn't fit. */
  reserve(request: LlmRequest): Reservation {
    const { priced } = costOf(request.model, { input: 0, output: 0 }, this.opts.pricing);
    if (!priced && !this.warnedUnpriced.has(request.model)) {
      this.warnedUnpriced.add(request.model);
      this.opts.logger?.warn(`No price known for model ${request.model}: its calls don't count against --budget-usd. Add it under \`pricing\` in config.yaml.`);
    }
    const usd = this.estimate(request);
    if (usd > 0 && this.spent + this.reserved + usd > this.opts.budgetUsd) {
      const inFlight = this.reserved > 0 ? ` (plus up to $${this.reserved.toFixed(4)} for calls in flight)` : '';
      throw new LlmPauseError(
        'budget',
        `Budget reached: $${this.spent.toFixed(4)} spent of $${this.opts.budgetUsd.toFixed(2)}${inFlight}; the next ${request.model} call ` +
          `(~${estimateInputTokens(request)} input + up to ${request.maxTokens} output tokens) could cost $${usd.toFixed(4)}. ` +
          'Raise --budget-usd and resume the session to continue.',
      );
    }
    this.reserved += usd;
    return { usd, settled: false };
  }

  /** The call returned: swap its reservation for its real cost. */
  settle(reservation: Reservation, actualUsd: number): void {
    this.release(reservation);
    this.spent += actualUsd;
  }

  /** The call failed (nothing billed, as far as we can know): drop its reservation. */
  release(reservation: Reservation): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.reserved = Math.max(0, this.reserved - reservation.usd);
  }

  /** Count spending that did not go through reserve(), e.g. a client that set costUsd itself. */
  add(usd: number): void {
    this.spent += usd;
  }
}
