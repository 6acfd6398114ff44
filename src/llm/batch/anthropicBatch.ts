// Anthropic Message Batches on the official SDK: create with the requests (custom_id + the
// Messages params), poll, then stream the results (succeeded / errored / canceled / expired).
import Anthropic from '@anthropic-ai/sdk';
import { finishOf } from '../anthropic';
import { anthropicUsage } from '../usage';
import { SdkCalls } from './sdkCall';
import type { BatchEngine, BatchItem, BatchOutcome, BatchStatus } from './types';

/** Anthropic's limit per message batch (requests). */
const MAX_ITEMS = 100_000;

export class AnthropicBatchEngine extends SdkCalls implements BatchEngine {
  readonly maxItems = MAX_ITEMS;

  constructor(
    private readonly sdk: Anthropic,
    apiKey: string,
  ) {
    super('anthropic', Anthropic, apiKey);
  }

  async submit(items: BatchItem[], _label: string, signal?: AbortSignal): Promise<string> {
    const requests = items.map((i) => ({ custom_id: i.customId, params: messageParams(i) }));
    const batch = await this.call(() => this.sdk.messages.batches.create({ requests }, { signal }));
    return batch.id;
  }

  async status(id: string, signal?: AbortSignal): Promise<BatchStatus> {
    const b = await this.call(() => this.sdk.messages.batches.retrieve(id, {}, { signal }));
    const c = b.request_counts;
    const total = c.processing + c.succeeded + c.errored + c.canceled + c.expired;
    const failed = c.errored + c.canceled + c.expired;
    if (b.processing_status !== 'ended') return { state: 'running', total, done: total - c.processing, failed };
    // An ended batch whose items were all cancelled was cancelled (in the console, or by the API).
    const state = b.cancel_initiated_at && c.canceled > 0 ? 'canceled' : c.expired > 0 ? 'expired' : 'ended';
    return { state, total, done: total, failed };
  }

  async *results(id: string, signal?: AbortSignal): AsyncIterable<BatchOutcome> {
    const stream = await this.call(() => this.sdk.messages.batches.results(id, {}, { signal }));
    for await (const r of stream) {
      const customId = r.custom_id;
      const res = r.result;
      if (res.type === 'succeeded') {
        const m = res.message;
        const text = m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
        // Usage and stop reason read as the live client reads them.
        yield { customId, kind: 'succeeded', response: { text, usage: anthropicUsage(m.usage), finish: finishOf(m.stop_reason), latencyMs: 0 } };
      } else if (res.type === 'errored') {
        const e = res.error?.error;
        yield { customId, kind: 'errored', error: `${e?.type ?? 'error'}: ${e?.message ?? 'no message'}` };
      } else {
        yield { customId, kind: res.type, error: res.type };
      }
    }
  }
}

/** The Messages request the live client would send (anthropic.ts), with the vote's temperature. */
function messageParams(i: BatchItem): Anthropic.MessageCreateParamsNonStreaming {
  const r = i.request;
  // The SDK's types no longer list temperature (see anthropic.ts); the API still reads it.
  return { model: r.model, max_tokens: r.maxTokens, messages: [{ role: 'user', content: r.prompt }], ...(r.system ? { system: r.system } : {}), temperature: r.temperature } as Anthropic.MessageCreateParamsNonStreaming;
}
