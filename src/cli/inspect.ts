// --inspect MODE: the LLM traffic of a run instead of its normal output, one model call at a
// time as the router finishes it. Texts are redacted before they are printed: prompts and
// answers are the user's and the model's words, and either could carry a key.
import type { LlmCall } from '../llm';
import { parseFileBlocks } from '../workspace/candidate';
import type { InspectMode } from './globals';

export interface InspectOptions {
  mode: InspectMode;
  compact: boolean;
  redact: (text: string) => string;
  write: (text: string) => void;
}

export function inspector(o: InspectOptions): (call: LlmCall) => void {
  let n = 0;
  const format = FORMATS[o.mode];
  return (call) => o.write(o.redact(format(call, ++n, o.compact)));
}

type Format = (call: LlmCall, n: number, compact: boolean) => string;

const FORMATS: Record<InspectMode, Format> = {
  ops: (c, n) => {
    const r = c.response;
    const what = r ? `in=${r.usage.input} out=${r.usage.output} latency=${Math.round(r.latencyMs)}ms finish=${r.finish}` : `error: ${c.error}`;
    return `#${n} ${c.request.role} model=${c.request.model} provider=${c.request.provider} ${what}\n`;
  },
  payloads: (c, n, compact) => JSON.stringify(payload(c, n), null, compact ? undefined : 2) + '\n',
  messages: (c, n) => {
    const q = c.request;
    const head = (who: string, extra = '') => `=== #${n} ${q.role} · ${q.provider}/${q.model} · ${who}${extra} ===\n`;
    const parts = q.system ? [head('system'), q.system, '\n'] : [];
    parts.push(head('user'), q.prompt, '\n');
    if (c.response) parts.push(head('assistant', ` (${c.response.usage.output} tokens, ${Math.round(c.response.latencyMs)} ms, ${c.response.finish})`), c.response.text, '\n');
    else parts.push(head('error'), String(c.error), '\n');
    return parts.join('') + '\n';
  },
  files: (c, n) => {
    const label = `#${n} ${c.request.role} ${c.request.provider}/${c.request.model}`;
    if (!c.response) return `${label}: error: ${c.error}\n`;
    const parsed = parseFileBlocks(c.response.text);
    if (!parsed.ok) return `${label}: ${parsed.reason}\n`;
    if (parsed.blocks.length === 0) return `${label}: no <file> blocks\n`;
    const rows = parsed.blocks.map((b) => `  ${b.path}  ${lineCount(b.content)} lines  ${preview(b.content)}`);
    return `${label}: ${parsed.blocks.length} file(s)\n${rows.join('\n')}\n`;
  },
};

/** What went to the model and what came back, in snake_case like our other JSON. */
function payload(c: LlmCall, n: number) {
  const q = c.request;
  const r = c.response;
  return {
    call: n,
    request: { provider: q.provider, model: q.model, role: q.role, system: q.system ?? null, prompt: q.prompt, temperature: q.temperature, max_tokens: q.maxTokens },
    response: r ? { text: r.text, usage: { input: r.usage.input, output: r.usage.output }, finish: r.finish, latency_ms: Math.round(r.latencyMs), cost_usd: r.costUsd ?? null } : null,
    error: c.error ?? null,
  };
}

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

function preview(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return first.length > 72 ? `${first.slice(0, 71)}…` : first;
}
