// The code slice's model for `bench:cost`: the noisy-coder behind the wire server, answering each
// role under its own model name, with the same draws in every sampling mode. Over the wire the
// engine's sample numbers are gone, so a draw is keyed by what the server sees: the role, the
// prompt, and how many answers that prompt got before. A separate round's n requests and a
// batched round's n choices then draw the same n answers, and a mode's bill differs from
// separate's by how it asks, not by luck. What differs between any two runs in a baseline failure,
// the test runner's timings ("1 failed in 0.03s", "duration_ms 45.1") and the run's temporary
// directory, is masked in what the model reads: it would re-seed every draw (the billed prompt
// keeps it).
import type { AgentRole } from '../../src/engine/model';
import { NoisyCoderClient } from '../../src/llm/noisyCoder';
import type { AnswerFn, RecordedRequest } from '../support/llmServer';
import { CODE_TASKS, knownFixesOf } from './code-tasks';

export const ROLES: AgentRole[] = ['decomposition', 'decomposition_discriminator', 'solver', 'solution_discriminator'];

/** The model name each role's agent is given, so the server knows whose request it answers. */
export const modelOf = (role: string): string => `bench-${role}`;

/** Each run's directory is made with this prefix (mkdtemp). */
export const RUN_DIR_PREFIX = 'mf-bench-cost-';
const VARYING = new RegExp(`duration_ms:? [\\d.]+| in \\d+(?:\\.\\d+)?s\\b|${RUN_DIR_PREFIX}\\w+`, 'g');

export function alignedCoder(seed: number): AnswerFn {
  const coder = new NoisyCoderClient({ fixes: knownFixesOf(CODE_TASKS), fixRate: 0.5, judgeRate: 0.8, seed });
  const answered = new Map<string, number>();
  return async (prompt, ctx) => {
    const role = ROLES.find((r) => ctx.model === modelOf(r)) ?? 'solver';
    const { read, back } = inOrder(prompt.replace(VARYING, ''));
    const key = `${role}\n${ctx.system ?? ''}\n${read}`;
    const seq = answered.get(key) ?? 0;
    answered.set(key, seq + 1);
    // The noisy-coder seeds each draw with (seed, role, prompt, seq): the n-th answer to a prompt.
    const text = (await coder.complete({ provider: 'noisy-coder', model: ctx.model, role, prompt: read, system: ctx.system, temperature: 0, maxTokens: ctx.maxTokens ?? 4096, meta: { seq } })).text;
    return back(text);
  };
}

const OPTION = /^--- Option (\d+) ---$/m;

/**
 * A judge's prompt with its options in one canonical order (by text), and the way back from an
 * answer to that prompt to the options' numbers as asked. A separate round's answers reach the
 * server in any order, and the engine lists them as drawn: unsorted, the same pool would be a new
 * prompt, and new draws, whenever two requests crossed.
 */
function inOrder(prompt: string): { read: string; back: (answer: string) => string } {
  const parts = prompt.split(new RegExp(OPTION.source, 'gm'));
  if (parts.length < 5) return { read: prompt, back: (a) => a };
  const options: { n: string; text: string }[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) options.push({ n: parts[i], text: parts[i + 1] });
  // The last option's text runs to the prompt's end: its instructions stay after the options.
  const last = options[options.length - 1];
  const cut = last.text.lastIndexOf('\n\n');
  const tail = cut >= 0 ? last.text.slice(cut + 2) : '';
  if (cut >= 0) last.text = last.text.slice(0, cut + 2);
  const sorted = [...options].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const read = parts[0] + sorted.map((o, i) => `--- Option ${i + 1} ---${o.text}`).join('') + tail;
  return { read, back: (answer) => answer.replace(/(option:?\s*)(\d+)/gi, (m, head: string, j: string) => (sorted[Number(j) - 1] ? head + sorted[Number(j) - 1].n : m)) };
}

/** One role's share of a run's bill, from the server's request log. */
export interface RoleBill {
  requests: number;
  choices: number;
  input: number;
  output: number;
  cached: number;
}

export function billByRole(requests: readonly RecordedRequest[]): Record<string, RoleBill> {
  const out: Record<string, RoleBill> = {};
  for (const r of requests) {
    if (r.tokensIn === undefined || !r.parsed) continue;
    const role = ROLES.find((x) => modelOf(x) === r.parsed!.model) ?? r.parsed.model;
    const b = (out[role] ??= { requests: 0, choices: 0, input: 0, output: 0, cached: 0 });
    b.requests++;
    b.choices += r.choices ?? 1;
    b.input += r.tokensIn ?? 0;
    b.output += r.tokensOut ?? 0;
    b.cached += r.tokensCached ?? 0;
  }
  return out;
}
