// How a round of a race becomes requests (config.yaml `sampling:`). A round asks for n votes:
//   separate     n requests, one sample each (the paper's way; every vote pays the prompt);
//   batched      one n-sampling request (OpenAI `n`, Gemini `candidateCount`): the prompt is
//                billed once for the round. All its choices are drawn at the later temperature:
//                n choices at T=0 would be n copies of one answer, and voting needs them to differ;
//   after_first  the step's first vote alone at its own temperature (the paper's T=0), the rest
//                of the round in one request at the later temperature; later rounds as batched.
// A flagged choice is discarded and its vote drawn again in the next request, never repaired.
// Where the provider has no n-sampling (Anthropic, most local servers) or a server turned out to
// ignore it, the round is drawn separately: a race never shrinks because a server sent fewer.
import type { SamplingMode } from './config';
import { Halt, StepPause } from './context';
import type { StepSampler, ValidSample } from './sampler';

export async function drawRound(s: StepSampler, mode: SamplingMode, n: number): Promise<ValidSample[]> {
  if (mode === 'separate' || n <= 0) return separately(s, n);
  if (mode === 'after_first' && s.fresh) {
    const parts = await settle([s.draw().then((v) => [v]), batched(s, n - 1)]);
    return parts.flat();
  }
  return batched(s, n);
}

/** n valid votes through n-sampling requests, as long as the server allows them. */
async function batched(s: StepSampler, n: number): Promise<ValidSample[]> {
  const out: ValidSample[] = [];
  const temperature = s.temperatures.later;
  while (out.length < n) {
    if (s.capacity() <= 1) return out.concat(await separately(s, n - out.length));
    const { valid, missing } = await s.drawChoices(n - out.length, temperature);
    for (const v of valid) out.push(v);
    // A server that sent fewer choices than asked is remembered (llm/choiceMemory.ts): the
    // missing votes are drawn one by one, now and from then on.
    if (missing > 0) for (const v of await separately(s, missing)) out.push(v);
  }
  return out;
}

function separately(s: StepSampler, n: number): Promise<ValidSample[]> {
  if (n === 1) return s.draw().then((v) => [v]);
  const pending: Promise<ValidSample[]>[] = [];
  for (let i = 0; i < n; i++) pending.push(s.draw().then((v) => [v]));
  return settle(pending).then((parts) => parts.flat());
}

/**
 * Waits for every part. allSettled, not all: when one draw pauses the step, let the others
 * land instead of leaving calls running behind a session already saved as paused. A pause is
 * reported before the Halts it caused in its siblings.
 */
export async function settle<T>(pending: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(pending);
  const out: T[] = [];
  let errors: Error[] | undefined;
  for (const r of settled) {
    if (r.status === 'fulfilled') out.push(r.value);
    else (errors ??= []).push(r.reason as Error);
  }
  if (errors) throw errors.find((e) => e instanceof StepPause) ?? errors.find((e) => !(e instanceof Halt)) ?? errors[0];
  return out;
}
