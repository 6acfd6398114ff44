// The providers' batch engines behind one small interface: hand over many independent requests,
// poll, read the results back by custom id. `estimate --batch` draws its samples this way at
// the providers' batch prices (pricing.ts BATCH_PRICE_FACTOR) instead of one live call each.
import type { LlmRequest, LlmResponse } from '../../engine/ports';

export interface BatchItem {
  /** Unique within the batch; every result carries it back. */
  customId: string;
  request: LlmRequest;
}

/**
 * Where a batch is: `running` until the provider is done with it; `ended` (every item has a
 * result, answered or not); `expired` (the 24 h window ran out: the answered items have results,
 * the others none); `failed` (the provider refused the whole batch: nothing ran); `canceled`.
 */
export type BatchState = 'running' | 'ended' | 'expired' | 'failed' | 'canceled';

export interface BatchStatus {
  state: BatchState;
  total: number;
  /** Items with a result so far, answered or errored. */
  done: number;
  failed: number;
  /** Why a failed batch failed, in the provider's words (one line). */
  message?: string;
}

export type BatchOutcome =
  | { customId: string; kind: 'succeeded'; response: LlmResponse }
  | { customId: string; kind: 'errored' | 'expired' | 'canceled'; error: string };

export interface BatchEngine {
  readonly provider: string;
  /** The most items one batch may hold (the provider's limit). */
  readonly maxItems: number;
  /** Creates the batch; `label` goes into its metadata where the provider keeps some. Returns its id. */
  submit(items: BatchItem[], label: string, signal?: AbortSignal): Promise<string>;
  status(id: string, signal?: AbortSignal): Promise<BatchStatus>;
  /**
   * The batch created with `label` since `since`, where the provider keeps a label (OpenAI's
   * metadata): a process killed between the provider's answer and the job's save finds it here.
   */
  find?(label: string, since: Date, signal?: AbortSignal): Promise<string | undefined>;
  /** Every result of a batch that is no longer running, in the provider's order. */
  results(id: string, signal?: AbortSignal): AsyncIterable<BatchOutcome>;
}
