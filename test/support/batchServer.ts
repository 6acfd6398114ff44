// The providers' batch engines on the local LLM server (llmServer.ts), in their wire formats, so
// the official SDKs run unmodified: OpenAI's files (upload with purpose batch, download content)
// and batches (create, retrieve), Anthropic's message batches (create, retrieve, results). A
// batch completes `completeAfterMs` after it was created, answering each item through the same
// path as the live endpoints (LlmServer.answerWire: the Hanoi solver with its error rate). Faults
// are queued for the next batches created: expiry (only the first N items answered), a failed
// (OpenAI) or cancelled (Anthropic) batch; per-item errors come from `itemError`.
import type * as http from 'node:http';
import { parseWireRequest, type WireProvider } from './llmServerWire';
import { send, type LlmServer } from './llmServer';

export type BatchFault =
  /** The window runs out after `answered` items: the rest expire. */
  | { type: 'expire'; answered: number }
  /** OpenAI: status failed with this error (nothing runs); Anthropic: every item cancelled. */
  | { type: 'fail'; message: string };

export interface BatchServerOptions {
  /** How long after creation a batch is done (polls before see it in progress). Default 200 ms. */
  completeAfterMs?: number;
  /** An item that errors instead of answering (a 500 in its result); asked once per item. */
  itemError?: (customId: string) => boolean;
}

interface Item {
  customId: string;
  body: unknown;
}

interface Batch {
  id: string;
  provider: WireProvider;
  items: Item[];
  createdAt: number;
  fault?: BatchFault;
  /** Filled once, when the batch is first seen done. */
  done?: { succeeded: { customId: string; body: unknown }[]; errored: string[]; expired: string[]; canceled: string[] };
  inputFileId?: string;
  outputFileId?: string;
  errorFileId?: string;
  metadata?: unknown;
}

const EXPIRED_MESSAGE = 'This request could not be executed before the completion window expired.';

export class BatchEndpoints {
  completeAfterMs: number;
  itemError?: (customId: string) => boolean;
  /** Every batch created, in order (tests count them: a resume must not create a second one). */
  readonly batches: Batch[] = [];
  /** Retrieve calls answered, by batch id. */
  readonly polls = new Map<string, number>();
  private readonly files = new Map<string, { filename: string; purpose: string; content: string }>();
  private readonly faults: BatchFault[] = [];
  private seq = 0;

  constructor(private readonly server: LlmServer, opts: BatchServerOptions = {}) {
    this.completeAfterMs = opts.completeAfterMs ?? 200;
    this.itemError = opts.itemError;
    server.mount((req, raw, res) => this.route(req, raw, res));
  }

  /** Faults for the next batches created, one each, in order. */
  injectBatchFaults(...faults: BatchFault[]): void {
    this.faults.push(...faults);
  }

  private async route(req: http.IncomingMessage, raw: string, res: http.ServerResponse): Promise<boolean> {
    const method = req.method ?? '';
    const url = (req.url ?? '').split('?')[0].replace(/^\/v1(?=\/)/, '');
    let m: RegExpExecArray | null;
    if (method === 'POST' && url === '/files') return this.upload(req, raw, res);
    if (method === 'GET' && (m = /^\/files\/([^/]+)\/content$/.exec(url))) {
      const file = this.files.get(m[1]);
      if (!file) return notFound(res, 'openai', `No such File object: ${m[1]}`);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(file.content);
      return true;
    }
    if (method === 'POST' && url === '/batches') return this.createOpenAi(raw, res);
    if (method === 'GET' && (m = /^\/batches\/([^/]+)$/.exec(url))) return this.retrieve('openai', m[1], res);
    if (method === 'GET' && url === '/batches') return this.listOpenAi(res);
    if (method === 'POST' && url === '/messages/batches') return this.createAnthropic(raw, res);
    if (method === 'GET' && (m = /^\/messages\/batches\/([^/]+)$/.exec(url))) return this.retrieve('anthropic', m[1], res);
    if (method === 'GET' && (m = /^\/messages\/batches\/([^/]+)\/results$/.exec(url))) return this.anthropicResults(m[1], res);
    return false;
  }

  private upload(req: http.IncomingMessage, raw: string, res: http.ServerResponse): boolean {
    const parts = multipart(raw, String(req.headers['content-type'] ?? ''));
    const file = parts.find((p) => p.name === 'file');
    const purpose = parts.find((p) => p.name === 'purpose')?.content ?? '';
    if (!file || purpose !== 'batch') return badRequest(res, 'openai', "a file and purpose 'batch' are required");
    const id = `file-${++this.seq}`;
    this.files.set(id, { filename: file.filename ?? 'upload.jsonl', purpose, content: file.content });
    send(res, 200, this.fileObject(id));
    return true;
  }

  private fileObject(id: string) {
    const f = this.files.get(id)!;
    return { id, object: 'file', bytes: Buffer.byteLength(f.content), created_at: Math.floor(Date.now() / 1000), filename: f.filename, purpose: f.purpose, status: 'processed' };
  }

  private createOpenAi(raw: string, res: http.ServerResponse): boolean {
    const body = JSON.parse(raw) as { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: unknown };
    const file = body.input_file_id ? this.files.get(body.input_file_id) : undefined;
    if (!file) return badRequest(res, 'openai', `input file ${String(body.input_file_id)} not found`);
    if (body.endpoint !== '/v1/chat/completions' || body.completion_window !== '24h') return badRequest(res, 'openai', 'endpoint /v1/chat/completions and completion_window 24h expected');
    const items = file.content.split('\n').filter((l) => l.trim()).map((l) => {
      const line = JSON.parse(l) as { custom_id: string; method: string; url: string; body: unknown };
      if (line.method !== 'POST' || line.url !== '/v1/chat/completions') throw new Error(`bad batch line ${l.slice(0, 80)}`);
      return { customId: line.custom_id, body: line.body };
    });
    const batch = this.add('openai', `batch_${++this.seq}`, items);
    batch.inputFileId = body.input_file_id;
    batch.metadata = body.metadata ?? null;
    send(res, 200, this.openAiView(batch));
    return true;
  }

  /** Newest first, one page (the SDK stops when has_more is false). */
  private listOpenAi(res: http.ServerResponse): boolean {
    const data = this.batches.filter((b) => b.provider === 'openai').reverse().map((b) => this.openAiView(b));
    send(res, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: false });
    return true;
  }

  private createAnthropic(raw: string, res: http.ServerResponse): boolean {
    const body = JSON.parse(raw) as { requests?: { custom_id: string; params: unknown }[] };
    if (!Array.isArray(body.requests) || body.requests.length === 0) return badRequest(res, 'anthropic', 'requests: at least one request is required');
    const ids = new Set(body.requests.map((r) => r.custom_id));
    if (ids.size !== body.requests.length) return badRequest(res, 'anthropic', 'custom_id values must be unique within a batch');
    const batch = this.add('anthropic', `msgbatch_${++this.seq}`, body.requests.map((r) => ({ customId: r.custom_id, body: r.params })));
    send(res, 200, this.anthropicView(batch));
    return true;
  }

  private add(provider: WireProvider, id: string, items: Item[]): Batch {
    const batch: Batch = { id, provider, items, createdAt: Date.now(), fault: this.faults.shift() };
    this.batches.push(batch);
    return batch;
  }

  private async retrieve(provider: WireProvider, id: string, res: http.ServerResponse): Promise<boolean> {
    const batch = this.batches.find((b) => b.id === id && b.provider === provider);
    if (!batch) return notFound(res, provider, `batch ${id} not found`);
    this.polls.set(id, (this.polls.get(id) ?? 0) + 1);
    await this.finishIfDue(batch);
    send(res, 200, provider === 'openai' ? this.openAiView(batch) : this.anthropicView(batch));
    return true;
  }

  /** Answers every item once the batch's time is up, through the live endpoints' answer path. */
  private async finishIfDue(batch: Batch): Promise<void> {
    if (batch.done || Date.now() - batch.createdAt < this.completeAfterMs) return;
    const done: NonNullable<Batch['done']> = { succeeded: [], errored: [], expired: [], canceled: [] };
    const fault = batch.fault;
    for (const [i, item] of batch.items.entries()) {
      if (fault?.type === 'fail') {
        // A failed OpenAI batch runs nothing; a cancelled Anthropic one reports each item cancelled.
        if (batch.provider === 'anthropic') done.canceled.push(item.customId);
      } else if (fault?.type === 'expire' && i >= fault.answered) done.expired.push(item.customId);
      else if (this.itemError?.(item.customId)) done.errored.push(item.customId);
      else done.succeeded.push({ customId: item.customId, body: (await this.server.answerWire(batch.provider, parseWireRequest(batch.provider, item.body))).body });
    }
    batch.done = done;
    if (batch.provider !== 'openai' || fault?.type === 'fail') return;
    const file = (lines: unknown[]) => {
      if (!lines.length) return undefined;
      const fid = `file-${++this.seq}`;
      this.files.set(fid, { filename: `${batch.id}_output.jsonl`, purpose: 'batch_output', content: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' });
      return fid;
    };
    let n = 0;
    batch.outputFileId = file(done.succeeded.map((s) => ({ id: `batch_req_${++n}`, custom_id: s.customId, response: { status_code: 200, request_id: `req_${n}`, body: s.body }, error: null })));
    batch.errorFileId = file([
      ...done.errored.map((c) => ({ id: `batch_req_${++n}`, custom_id: c, response: { status_code: 500, request_id: `req_${n}`, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } }, error: null })),
      ...done.expired.map((c) => ({ id: `batch_req_${++n}`, custom_id: c, response: null, error: { code: 'batch_expired', message: EXPIRED_MESSAGE } })),
    ]);
  }

  private openAiView(b: Batch) {
    const d = b.done;
    const t = Math.floor(b.createdAt / 1000);
    const status = !d ? 'in_progress' : b.fault?.type === 'fail' ? 'failed' : b.fault?.type === 'expire' ? 'expired' : 'completed';
    return {
      id: b.id, object: 'batch', endpoint: '/v1/chat/completions', completion_window: '24h', input_file_id: b.inputFileId, status,
      errors: b.fault?.type === 'fail' && d ? { object: 'list', data: [{ code: 'invalid_request', message: b.fault.message, param: null, line: 1 }] } : null,
      output_file_id: b.outputFileId ?? null, error_file_id: b.errorFileId ?? null,
      created_at: t, in_progress_at: t, expires_at: t + 86_400, finalizing_at: null, completed_at: status === 'completed' ? t : null, failed_at: status === 'failed' ? t : null,
      expired_at: status === 'expired' ? t : null, cancelling_at: null, cancelled_at: null,
      request_counts: { total: b.items.length, completed: d ? d.succeeded.length : 0, failed: d ? d.errored.length + d.expired.length : 0 },
      metadata: b.metadata ?? null,
    };
  }

  private anthropicView(b: Batch) {
    const d = b.done;
    const created = new Date(b.createdAt).toISOString();
    return {
      id: b.id, type: 'message_batch', processing_status: d ? 'ended' : 'in_progress',
      request_counts: { processing: d ? 0 : b.items.length, succeeded: d?.succeeded.length ?? 0, errored: d?.errored.length ?? 0, canceled: d?.canceled.length ?? 0, expired: d?.expired.length ?? 0 },
      ended_at: d ? new Date().toISOString() : null, created_at: created, expires_at: new Date(b.createdAt + 86_400_000).toISOString(), archived_at: null,
      cancel_initiated_at: b.fault?.type === 'fail' && d ? created : null,
      results_url: d ? `${this.server.origin}/v1/messages/batches/${b.id}/results` : null,
    };
  }

  private async anthropicResults(id: string, res: http.ServerResponse): Promise<boolean> {
    const batch = this.batches.find((b) => b.id === id && b.provider === 'anthropic');
    if (!batch?.done) return notFound(res, 'anthropic', `batch ${id} has no results yet`);
    const d = batch.done;
    const lines = [
      ...d.succeeded.map((s) => ({ custom_id: s.customId, result: { type: 'succeeded', message: s.body } })),
      ...d.errored.map((c) => ({ custom_id: c, result: { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } } } })),
      ...d.expired.map((c) => ({ custom_id: c, result: { type: 'expired' } })),
      ...d.canceled.map((c) => ({ custom_id: c, result: { type: 'canceled' } })),
    ];
    res.writeHead(200, { 'content-type': 'application/binary' });
    res.end(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return true;
  }
}

/** The local server with the batch endpoints mounted. */
export function mountBatches(server: LlmServer, opts: BatchServerOptions = {}): BatchEndpoints {
  return new BatchEndpoints(server, opts);
}

function badRequest(res: http.ServerResponse, provider: WireProvider, message: string): boolean {
  send(res, 400, provider === 'openai' ? { error: { message, type: 'invalid_request_error', param: null, code: null } } : { type: 'error', error: { type: 'invalid_request_error', message } });
  return true;
}

function notFound(res: http.ServerResponse, provider: WireProvider, message: string): boolean {
  send(res, 404, provider === 'openai' ? { error: { message, type: 'invalid_request_error', param: null, code: null } } : { type: 'error', error: { type: 'not_found_error', message } });
  return true;
}

/** The parts of a multipart/form-data body (text only: the batch input is JSONL). */
function multipart(raw: string, contentType: string): { name: string; filename?: string; content: string }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return [];
  const sep = `--${boundary[1] ?? boundary[2]}`;
  return raw.split(sep).slice(1, -1).flatMap((part) => {
    const head = part.indexOf('\r\n\r\n');
    if (head < 0) return [];
    const headers = part.slice(0, head);
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (!name) return [];
    return [{ name, filename: /filename="([^"]*)"/.exec(headers)?.[1], content: part.slice(head + 4).replace(/\r\n$/, '') }];
  });
}
