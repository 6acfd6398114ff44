// OpenAI Batch on the official SDK: the requests go up as a JSONL file (files API, purpose
// batch), a batch over /v1/chat/completions with the 24 h window runs them, and its output and
// error files come back as JSONL, matched to the requests by custom_id.
import OpenAI, { toFile } from 'openai';
import type { LlmResponse } from '../../engine/ports';
import { finishOf } from '../openai';
import { openAiReasoningModel } from '../temperature';
import { openAiUsage } from '../usage';
import { SdkCalls } from './sdkCall';
import type { BatchEngine, BatchItem, BatchOutcome, BatchState, BatchStatus } from './types';

/** OpenAI's limit per batch input file (requests). */
const MAX_ITEMS = 50_000;

export class OpenAiBatchEngine extends SdkCalls implements BatchEngine {
  readonly maxItems = MAX_ITEMS;

  constructor(
    private readonly sdk: OpenAI,
    apiKey: string,
  ) {
    super('openai', OpenAI, apiKey);
  }

  async submit(items: BatchItem[], label: string, signal?: AbortSignal): Promise<string> {
    const jsonl = items.map((i) => JSON.stringify({ custom_id: i.customId, method: 'POST', url: '/v1/chat/completions', body: chatBody(i) })).join('\n') + '\n';
    return this.call(async () => {
      const file = await this.sdk.files.create({ file: await toFile(Buffer.from(jsonl, 'utf8'), `${label}.jsonl`), purpose: 'batch' }, { signal });
      const batch = await this.sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { microfactory: label } }, { signal });
      return batch.id;
    });
  }

  async status(id: string, signal?: AbortSignal): Promise<BatchStatus> {
    const b = await this.call(() => this.sdk.batches.retrieve(id, { signal }));
    const counts = b.request_counts;
    const message = b.errors?.data?.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    return { state: stateOf(b.status), total: counts?.total ?? 0, done: (counts?.completed ?? 0) + (counts?.failed ?? 0), failed: counts?.failed ?? 0, message: message || undefined };
  }

  async find(label: string, since: Date, signal?: AbortSignal): Promise<string | undefined> {
    // Newest first; a minute of slack for clocks that disagree.
    const after = Math.floor(since.getTime() / 1000) - 60;
    return this.call(async () => {
      for await (const b of this.sdk.batches.list({ limit: 100 }, { signal })) {
        if (b.created_at < after) return undefined;
        if ((b.metadata as Record<string, string> | null)?.microfactory === label) return b.id;
      }
      return undefined;
    });
  }

  async *results(id: string, signal?: AbortSignal): AsyncIterable<BatchOutcome> {
    const b = await this.call(() => this.sdk.batches.retrieve(id, { signal }));
    for (const fileId of [b.output_file_id, b.error_file_id]) {
      if (!fileId) continue;
      const text = await this.call(async () => (await this.sdk.files.content(fileId, { signal })).text());
      for (const line of text.split('\n')) if (line.trim()) yield outcomeOf(JSON.parse(line) as OutputLine);
    }
  }
}

/** The chat completion the live client would send (openai.ts), as one line of the batch file. */
function chatBody(i: BatchItem): Record<string, unknown> {
  const r = i.request;
  const messages = [...(r.system ? [{ role: 'system', content: r.system }] : []), { role: 'user', content: r.prompt }];
  // Reasoning models refuse any temperature but the default; a refused line would fail in the batch.
  return { model: r.model, messages, max_completion_tokens: r.maxTokens, ...(openAiReasoningModel(r.model) ? {} : { temperature: r.temperature }) };
}

interface OutputLine {
  custom_id: string;
  response: { status_code: number; body: any } | null;
  error: { code?: string; message?: string } | null;
}

function outcomeOf(line: OutputLine): BatchOutcome {
  const customId = line.custom_id;
  if (line.error?.code === 'batch_expired') return { customId, kind: 'expired', error: line.error.message ?? 'expired' };
  const res = line.response;
  if (line.error || !res || res.status_code !== 200) {
    const why = line.error?.message ?? res?.body?.error?.message ?? `HTTP ${res?.status_code ?? '?'}`;
    return { customId, kind: 'errored', error: `${res?.status_code ?? line.error?.code ?? 'error'}: ${why}` };
  }
  const choice = res.body?.choices?.[0];
  if (!choice?.message) return { customId, kind: 'errored', error: 'the reply has no choices[0].message' };
  const response: LlmResponse = {
    text: choice.message.content ?? '',
    // Usage and finish reason read as the live client reads them.
    usage: openAiUsage(res.body.usage),
    finish: finishOf(choice.finish_reason),
    latencyMs: 0,
  };
  return { customId, kind: 'succeeded', response };
}

function stateOf(status: string): BatchState {
  switch (status) {
    case 'completed': return 'ended';
    case 'expired': return 'expired';
    case 'failed': return 'failed';
    case 'cancelled': return 'canceled';
    // validating, in_progress, finalizing, cancelling
    default: return 'running';
  }
}
