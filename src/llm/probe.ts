// `run --dry-run`: one tiny real call to the chosen provider and model, to prove the key,
// the URL and the model name work before a long session starts spending.
import { LlmConfigError, type LlmClient, type LlmUsage } from '../engine/ports';
import { LlmRefusedError } from './errors';

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Default: a one-word answer request. */
  prompt?: string;
  /** Default 16: enough for "ready" on any tokenizer, cheap on any price list. */
  maxTokens?: number;
}

export interface ProbeResult {
  provider: string;
  model: string;
  /** Wall time of the call as the user experiences it (queueing and retries included). */
  latencyMs: number;
  usage: LlmUsage;
  /** The reply's first non-empty line, trimmed. */
  firstLine: string;
  finish: 'stop' | 'length' | 'error';
  costUsd?: number;
}

export async function probe(client: LlmClient, provider: string, model: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const started = performance.now();
  const response = await refusedIsConfig(client.complete(
    {
      provider,
      model,
      role: 'solver',
      system: 'You are a connectivity check. Answer with one word.',
      prompt: opts.prompt ?? 'Reply with the single word: ready',
      temperature: 0,
      maxTokens: opts.maxTokens ?? 16,
      meta: { probe: true },
    },
    opts.signal,
  ));
  const firstLine = response.text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return {
    provider,
    model,
    latencyMs: Math.round(performance.now() - started),
    usage: response.usage,
    firstLine,
    finish: response.finish,
    costUsd: response.costUsd,
  };
}

/** A refused key or request (retry.ts) pauses a run; a probe has no run to pause: it is the user's to fix (exit 2). */
async function refusedIsConfig<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    throw e instanceof LlmRefusedError ? new LlmConfigError(e.message) : e;
  }
}
