// `microfactory estimate`: a model's per-step error rate on Towers of Hanoi before paying for a run
// (the paper's Fig. 6a method). Random steps of random disk counts (a random point along the
// optimal solution, with the move before it), one sample each and no voting, through the same
// prompt rendering, LLM client and red flags as a run. A sample is an error when its parsed
// (move, next_state) differs from the right one; red-flagged samples are counted apart, as a run
// would discard them. The result feeds the planner: k_min and the expected cost of the full task.
import type { DomainConfig } from '../engine/config';
import { hanoiTask } from '../engine/chain/hanoiTask';
import { sampleParser } from '../engine/chain/task';
import { outputKey, type HanoiOutput } from '../engine/chain/hanoi';
import { moveNumber, stateAfter } from '../engine/chain/hanoiPosition';
import { plan, type Plan } from '../engine/planner';
import type { LlmClient } from '../engine/ports';
import { buildPipeline } from '../engine/redflags/build';
import type { RedFlagPipeline } from '../engine/redflags/pipeline';
import type { Draft } from '../engine/redflags/types';
import { sampleSettings } from '../engine/sampling';
import { render } from '../engine/template';
import { priceOf } from '../llm/pricing';
import { mixSeed, mulberry32 } from '../llm/random';
import { analyze, type LabResult, type StepOutcome } from './estimateLab';

export interface EstimateOptions {
  steps: number;
  /** Samples per step (default 1). At 2 and more the result carries the lab: systematic steps, decorrelation. */
  repeat?: number;
  disksMin: number;
  disksMax: number;
  seed: number;
  /** Samples in flight at once (the router's limiter caps them too). */
  concurrency: number;
  provider: string;
  model: string;
  /** Default: the solver's first-vote temperature. */
  temperature?: number;
  /** The task the plan is for: its disk count (default 20) and success target (default 0.95). */
  taskDisks?: number;
  target?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface Interval {
  rate: number;
  low: number;
  high: number;
}

export interface EstimateResult {
  samples: number;
  valid: number;
  errors: number;
  redFlags: number;
  redFlagsBy: Record<string, number>;
  errorRate: Interval;
  redFlagRate: Interval;
  tokensIn: number;
  tokensOut: number;
  /** $ per sample from the pricing table (0 when the model has no price). */
  costPerSample: number;
  priced: boolean;
  taskDisks: number;
  target: number;
  /** The plan at the measured rate, and at the ends of its 95 % interval. */
  plan: Plan;
  planLow: Plan;
  planHigh: Plan;
  lab: LabResult;
}

/** Wilson score interval at 95 %: sound for rates near 0, where the paper's models live. */
export function wilson(successes: number, n: number, z = 1.959964): Interval {
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { rate: p, low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export async function estimateHanoi(llm: LlmClient, domain: DomainConfig, o: EstimateOptions): Promise<EstimateResult> {
  const agent = domain.agents.solver;
  if (!agent || domain.chain?.task !== 'hanoi') throw new Error(`domain '${domain.name}' is not a Towers of Hanoi chain`);
  const pipelines = new Map<number, RedFlagPipeline>();
  const acc = { samples: 0, valid: 0, errors: 0, redFlags: 0, tokensIn: 0, tokensOut: 0, by: {} as Record<string, number> };
  const repeat = o.repeat ?? 1;
  const outcomes: StepOutcome[] = [];
  const one = async (j: number): Promise<void> => {
    // Sample r of step i: every repeat of a step sees the same position (the step's own seed).
    const i = Math.floor(j / repeat);
    const r = j % repeat;
    const rng = mulberry32(mixSeed(o.seed, i, 0x5eed));
    const disks = o.disksMin + Math.floor(rng.next() * (o.disksMax - o.disksMin + 1));
    const task = hanoiTask(disks);
    // A random point along the optimal solution: t moves done, move t + 1 asked for.
    const t = Math.floor(rng.next() * task.totalSteps());
    const state = stateAfter(disks, t);
    const previous: HanoiOutput | undefined = t > 0 ? { move: moveNumber(disks, t), next_state: state } : undefined;
    const right = outputKey({ move: moveNumber(disks, t + 1), next_state: stateAfter(disks, t + 1) });
    const vars = task.promptVars(state, previous, t);
    const outcome = (outcomes[i] ??= { disks, t, right, keys: new Array<string | undefined>(repeat).fill(undefined), tokensOut: new Array<number>(repeat).fill(0) });
    let pipeline = pipelines.get(disks);
    const parse = sampleParser(task);
    if (!pipeline) pipelines.set(disks, (pipeline = buildPipeline(domain, agent, { llm, defaultProvider: o.provider, parse, signal: o.signal })));
    const res = await llm.complete(
      {
        provider: o.provider, model: o.model, role: 'solver', prompt: render(agent.template, vars), system: agent.system === undefined ? undefined : render(agent.system, vars),
        temperature: o.temperature ?? agent.temperature.first, maxTokens: agent.maxTokens, sampling: sampleSettings(agent, `estimate-${i}`, r),
        meta: { step: i, chain: 'hanoi', seq: r, estimate: true },
      },
      o.signal,
    );
    acc.samples++;
    acc.tokensIn += res.usage.input;
    acc.tokensOut += res.usage.output;
    outcome.tokensOut[r] = res.usage.output;
    const draft: Draft = { role: 'solver', text: res.text, finish: res.finish, tokensOut: res.usage.output, maxTokens: agent.maxTokens, stepDescription: `step ${t + 1} of ${task.totalSteps()}` };
    const flags = await pipeline.run(draft);
    if (flags.length) {
      acc.redFlags++;
      for (const f of flags) acc.by[f.flagger] = (acc.by[f.flagger] ?? 0) + 1;
      return;
    }
    acc.valid++;
    // The format flag's parse travels with the draft: no second parse for the vote key.
    const key = (draft.parsed ?? parse(res.text)).key;
    outcome.keys[r] = key;
    if (key !== right) acc.errors++;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.steps * repeat) {
      if (o.signal?.aborted) throw o.signal.reason ?? new Error('aborted');
      await one(next++);
      o.onProgress?.(acc.samples, o.steps * repeat);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, o.steps * repeat)) }, worker));
  return { ...summarize(acc, domain, o), lab: analyze(outcomes.filter(Boolean), repeat) };
}

function summarize(acc: { samples: number; valid: number; errors: number; redFlags: number; tokensIn: number; tokensOut: number; by: Record<string, number> }, domain: DomainConfig, o: EstimateOptions): Omit<EstimateResult, 'lab'> {
  const errorRate = wilson(acc.errors, acc.valid);
  const redFlagRate = wilson(acc.redFlags, acc.samples);
  const tokensIn = acc.samples ? acc.tokensIn / acc.samples : 0;
  const tokensOut = acc.samples ? acc.tokensOut / acc.samples : 0;
  const price = priceOf(o.model, domain.pricing)?.price;
  const taskDisks = o.taskDisks ?? 20;
  const target = o.target ?? 0.95;
  const planAt = (rate: number) =>
    plan({ errorRate: rate, steps: 2 ** taskDisks - 1, target, flagRate: redFlagRate.rate, tokensIn, tokensOut, priceIn: price?.input ?? 0, priceOut: price?.output ?? 0 });
  return {
    samples: acc.samples, valid: acc.valid, errors: acc.errors, redFlags: acc.redFlags, redFlagsBy: acc.by, errorRate, redFlagRate, tokensIn, tokensOut,
    costPerSample: price ? (tokensIn * price.input + tokensOut * price.output) / 1e6 : 0, priced: !!price, taskDisks, target,
    plan: planAt(errorRate.rate), planLow: planAt(errorRate.low), planHigh: planAt(errorRate.high),
  };
}
