// A local LLM server for tests and benchmarks: real HTTP on 127.0.0.1 (ephemeral port) in
// the OpenAI, Anthropic and Gemini wire formats, so the provider SDKs run unmodified. The
// reply text comes from a pluggable `answer` callback (echo by default; the Hanoi tests plug
// in a solver), usage is a whitespace word count, max tokens truncate the reply, and faults
// queued with injectFaults() are served to the next requests, one each, in order.
// n-sampling: OpenAI's `n` and Gemini's `candidateCount` get that many independent answers,
// billed as the providers bill them (input once per request, output per choice; `billed`);
// `ignoreN` answers one choice whatever is asked, as most OpenAI-compatible servers do.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PromptCache, type PromptCacheOptions } from './promptCache';
import { keyOf, parseWireRequest, renderFault, renderSuccess, routeOf, spreadChoices, type WireFaultKind, type WireProvider, type WireRequest } from './llmServerWire';

export type { WireProvider } from './llmServerWire';

export interface AnswerContext {
  provider: WireProvider;
  model: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  /** Which of the request's choices this answer is (0 unless n-sampling). */
  choice?: number;
}

export type AnswerFn = (prompt: string, req: AnswerContext) => string | Promise<string>;

export type Fault =
  /** 429; `retryAfter` becomes the retry-after header (seconds or an HTTP date), `retryAfterMs` retry-after-ms, `retryDelay` Google's RetryInfo ("2s"). */
  | { type: 'rate_limit'; retryAfter?: number | string; retryAfterMs?: number; retryDelay?: string }
  | { type: 'server_error'; status?: number }
  | { type: 'overloaded' }
  /** Never answer; the socket stays open until the client gives up or the server closes. */
  | { type: 'hang' }
  /** Read the request, then destroy the socket without a response. */
  | { type: 'reset' }
  /** 200 with a JSON content type and a truncated, unparseable body. */
  | { type: 'malformed' }
  /** Exhausted quota / billing in the provider's own words (OpenAI insufficient_quota, Anthropic credit balance, Gemini per-day quota). */
  | { type: 'quota' }
  /** Key rejected (401; Gemini 400 API_KEY_INVALID); the message echoes the key, as a careless server might. */
  | { type: 'unauthorized'; status?: number }
  /** Any status with a message of your choosing, in the provider's error shape (default 400). */
  | { type: 'error'; status?: number; message: string };

export interface RecordedRequest {
  provider: WireProvider | 'unknown';
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  parsed?: WireRequest;
  fault?: Fault['type'];
  at: number;
  /** The HTTP status sent, once the whole response was written (absent: never answered, reset or abandoned by the client). */
  answered?: number;
  /** Output tokens of a 200 answer (what the provider bills beside the input), every choice's together. */
  tokensOut?: number;
  tokensIn?: number;
  /** Of tokensIn, read from / written to the emulated prompt cache (option promptCache). */
  tokensCached?: number;
  tokensCacheWrite?: number;
  /** Choices answered (n-sampling), when more than one was asked for. */
  choices?: number;
}

export interface LlmServerOptions {
  answer?: AnswerFn;
  /** Delay before each answer, ms. */
  latencyMs?: number;
  countTokens?: (text: string) => number;
  /** Anthropic replies report this many extra input tokens as cache reads. */
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  /** Emulate each provider's prompt cache (promptCache.ts) and report its counts in the usage; off by default. */
  promptCache?: boolean | PromptCacheOptions;
  /** false: keep no request log (long benchmarks); counters still work. Default true. */
  record?: boolean;
  /** Asked for each request when no queued fault is left: a fault to serve, or undefined to answer (random fault rates). */
  faultPolicy?: (req: WireRequest) => Fault | undefined;
  /** Answer one choice whatever `n`/`candidateCount` asks, as most OpenAI-compatible servers do. */
  ignoreN?: boolean;
}

/** What the server billed, as the providers bill it: input per request, output per choice. */
export interface Billed {
  requests: number;
  choices: number;
  /** Every input token, cached or not. */
  input: number;
  output: number;
  /** Of `input`, read from / written to the emulated prompt cache (option promptCache). */
  cached: number;
  cacheWrite: number;
}

const noBill = (): Billed => ({ requests: 0, choices: 0, input: 0, output: 0, cached: 0, cacheWrite: 0 });

/** Extra endpoints: true when it answered the request (the raw body is already read). */
export type MountedRoutes = (req: http.IncomingMessage, raw: string, res: http.ServerResponse) => Promise<boolean>;

export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export class LlmServer {
  readonly requests: RecordedRequest[] = [];
  answer: AnswerFn;
  latencyMs: number;
  inFlight = 0;
  maxInFlight = 0;
  /** Requests whose client went away before the answer was sent (aborts, timeouts). */
  clientAborts = 0;
  /** Requests received, counted even when `record` is false. */
  total = 0;
  /** Answered requests' bill, counted even when `record` is false. */
  readonly billed: Billed = noBill();
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private seq = 0;
  private readonly mounts: MountedRoutes[] = [];
  private readonly cache?: PromptCache;

  private constructor(private readonly server: http.Server, private readonly opts: LlmServerOptions) {
    this.answer = opts.answer ?? ((prompt) => `echo: ${prompt}`);
    this.latencyMs = opts.latencyMs ?? 0;
    if (opts.promptCache) this.cache = new PromptCache(opts.promptCache === true ? {} : opts.promptCache);
  }

  static async start(opts: LlmServerOptions = {}): Promise<LlmServer> {
    const server = http.createServer();
    const self = new LlmServer(server, opts);
    server.on('request', (req, res) => void self.handle(req, res));
    server.on('connection', (socket) => {
      self.sockets.add(socket);
      socket.on('close', () => self.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The base URL each SDK expects: OpenAI's includes /v1, Anthropic's and Google's don't. */
  baseUrl(provider: WireProvider): string {
    return provider === 'openai' ? `${this.origin}/v1` : this.origin;
  }

  /** More endpoints on this server (batchServer.ts): asked first, in order; each answers or returns false. */
  mount(routes: MountedRoutes): void {
    this.mounts.push(routes);
  }

  injectFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  pendingFaults(): number {
    return this.faults.length;
  }

  /** Forget recorded requests, counters and queued faults between tests. */
  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.maxInFlight = this.inFlight;
    this.clientAborts = 0;
    this.total = 0;
    Object.assign(this.billed, noBill());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const route = routeOf(req.method ?? '', req.url ?? '');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // keep the raw text for assertions
    }
    const record: RecordedRequest = { provider: route?.provider ?? 'unknown', method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() };
    if (this.opts.record !== false) this.requests.push(record);
    this.total++;
    for (const mounted of this.mounts) if (await mounted(req, raw, res)) return;
    if (!route) return send(res, 404, { error: { message: `no route for ${req.method} ${req.url}` } });
    const parsed = parseWireRequest(route.provider, body, route.model);
    record.parsed = parsed;
    // Looked up on arrival, stored once answered: requests sent together all miss, as on the real services.
    const cached = this.cache?.lookup(route.provider, body, parsed.system, parsed.prompt);

    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let gone = false;
    let dropped = false;
    res.on('close', () => {
      this.inFlight--;
      if (res.writableFinished) record.answered = res.statusCode;
      else if (!dropped) {
        gone = true;
        this.clientAborts++;
      }
    });

    const fault = this.faults.shift() ?? this.opts.faultPolicy?.(parsed);
    record.fault = fault?.type;
    if (fault?.type === 'hang') return;
    if (fault?.type === 'reset') {
      dropped = true;
      return void req.socket.destroy();
    }
    if (this.latencyMs > 0) await delay(this.latencyMs);
    if (gone) return;
    if (fault) return this.sendFault(route.provider, fault, req, res);

    try {
      const out = await this.answerWire(route.provider, parsed, cached?.use);
      record.tokensIn = out.tokensIn;
      record.tokensOut = out.tokensOut;
      if (out.choices > 1) record.choices = out.choices;
      if (cached) Object.assign(record, { tokensCached: out.cacheRead, tokensCacheWrite: out.cacheWrite });
      cached?.commit();
      send(res, 200, out.body);
    } catch (err) {
      send(res, 500, { error: { message: `answer callback failed: ${String(err)}` } });
    }
  }

  /**
   * The body of a successful answer to one parsed request, in its wire format: the live endpoints
   * and the batch endpoints (batchServer.ts) answer through this one path, so a batch sample is
   * drawn, counted, billed and truncated exactly as a live one. `cacheUse` is the emulated prompt
   * cache's read and write for this request (live endpoints with the cache on; batches pass none).
   */
  async answerWire(provider: WireProvider, parsed: WireRequest, cacheUse?: { read: number; write: number }): Promise<{ body: unknown; tokensIn: number; tokensOut: number; cacheRead: number; cacheWrite: number; choices: number }> {
    const asked = parsed.provider === 'anthropic' || this.opts.ignoreN ? 1 : Math.max(1, Number(parsed.n ?? 1));
    const count = this.opts.countTokens ?? wordCount;
    const cuts: { text: string; truncated: boolean }[] = [];
    // Each choice is an independent draw through the answer callback.
    for (let i = 0; i < asked; i++) {
      const text = await this.answer(parsed.prompt, { provider: parsed.provider, model: parsed.model, system: parsed.system, temperature: parsed.temperature, maxTokens: parsed.maxTokens, choice: i });
      cuts.push(truncateTokens(text, parsed.maxTokens, count));
    }
    const tokensIn = count(`${parsed.system ?? ''} ${parsed.prompt}`);
    const tokensOut = cuts.reduce((a, c) => a + count(c.text), 0);
    // The fixed counts are extra input beyond the prompt; emulated ones are parts of it.
    const cacheRead = Math.min(cacheUse?.read ?? 0, tokensIn);
    const cacheWrite = Math.min(cacheUse?.write ?? 0, tokensIn - cacheRead);
    const b = this.billed;
    Object.assign(b, {
      requests: b.requests + 1, choices: b.choices + asked, input: b.input + tokensIn, output: b.output + tokensOut, cached: b.cached + cacheRead, cacheWrite: b.cacheWrite + cacheWrite,
    });
    const fixedRead = provider === 'anthropic' ? this.opts.cacheReadTokens ?? 0 : 0;
    const fixedWrite = provider === 'anthropic' ? this.opts.cacheCreationTokens ?? 0 : 0;
    const cut = cuts[0];
    const reply = renderSuccess(provider, {
      model: parsed.model,
      text: cut.text,
      inputTokens: tokensIn + fixedRead + fixedWrite,
      outputTokens: tokensOut,
      truncated: cut.truncated,
      cacheReadTokens: cacheRead + fixedRead,
      cacheCreationTokens: cacheWrite + fixedWrite,
    }, ++this.seq);
    const body = asked > 1 ? spreadChoices(provider, reply, cuts) : reply;
    return { body, tokensIn, tokensOut, cacheRead, cacheWrite, choices: asked };
  }

  private sendFault(provider: WireProvider, fault: Exclude<Fault, { type: 'hang' | 'reset' }>, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (fault.type === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"id": "broken", "choices": [{"message": {"content": "trunc');
    }
    const headers: Record<string, string> = {};
    if (fault.type === 'rate_limit') {
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    }
    const kind: WireFaultKind = fault.type === 'server_error' ? 'server' : fault.type === 'error' ? 'custom' : fault.type;
    const status = fault.type === 'server_error' || fault.type === 'unauthorized' || fault.type === 'error' ? fault.status : undefined;
    const retryDelay = fault.type === 'rate_limit' ? fault.retryDelay : undefined;
    const message = fault.type === 'error' ? fault.message : undefined;
    const out = renderFault(provider, kind, { key: keyOf(req.headers), retryDelay, status, message });
    send(res, out.status, out.body, headers);
  }
}

/** Keeps the first `max` tokens (words, by default) of `text`, preserving its original spacing. */
export function truncateTokens(text: string, max: number | undefined, count: (t: string) => number = wordCount): { text: string; truncated: boolean } {
  if (max === undefined || count(text) <= max) return { text, truncated: false };
  const words = /\S+/g;
  let end = 0;
  for (let i = 0; i < max; i++) {
    const m = words.exec(text);
    if (!m) break;
    end = m.index + m[0].length;
  }
  return { text: text.slice(0, end), truncated: true };
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
