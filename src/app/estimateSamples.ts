// The samples of one `estimate`, apart from how they are drawn: sample j's request (a random
// point of a random-size Hanoi task, the same for every way of drawing it), the scoring of its
// answer (red flags, then the vote key against the right one), and the tally. Live calls
// (estimate.ts) and the providers' batch engines (estimateBatch.ts) both go through here.
import type { DomainConfig } from '../engine/config';
import { hanoiTask } from '../engine/chain/hanoiTask';
import { sampleParser } from '../engine/chain/task';
import { outputKey, type HanoiOutput } from '../engine/chain/hanoi';
import { moveNumber, stateAfter } from '../engine/chain/hanoiPosition';
import { plan } from '../engine/planner';
import type { LlmClient, LlmRequest, LlmResponse } from '../engine/ports';
import { buildPipeline } from '../engine/redflags/build';
import type { RedFlagPipeline } from '../engine/redflags/pipeline';
import type { Draft } from '../engine/redflags/types';
import { sampleSettings } from '../engine/sampling';
import { render } from '../engine/template';
import { priceOf } from '../llm/pricing';
import { mixSeed, mulberry32 } from '../llm/random';
import type { EstimateOptions, EstimateResult, Interval } from './estimate';
import { analyze, type StepOutcome } from './estimateLab';

/** One scored sample, small enough to keep by the thousand (estimateBatchJob.ts stores them). */
export interface ScoredSample {
  j: number;
  tokensIn: number;
  tokensOut: number;
  /** The parsed answer's vote key; absent when the sample was red-flagged. */
  key?: string;
  /** The flaggers that discarded it. */
  flags?: string[];
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

export class EstimateSampler {
  readonly total: number;
  private readonly repeat: number;
  private readonly pipelines = new Map<number, RedFlagPipeline>();
  private readonly acc = { samples: 0, valid: 0, errors: 0, redFlags: 0, tokensIn: 0, tokensOut: 0, by: {} as Record<string, number> };
  private readonly outcomes: StepOutcome[] = [];

  constructor(
    private readonly llm: LlmClient,
    private readonly domain: DomainConfig,
    private readonly o: EstimateOptions,
  ) {
    if (!domain.agents.solver || domain.chain?.task !== 'hanoi') throw new Error(`domain '${domain.name}' is not a Towers of Hanoi chain`);
    this.repeat = o.repeat ?? 1;
    this.total = o.steps * this.repeat;
  }

  get samples(): number {
    return this.acc.samples;
  }

  /** Sample r of step i: every repeat of a step sees the same position (the step's own seed). */
  private position(j: number) {
    const i = Math.floor(j / this.repeat);
    const rng = mulberry32(mixSeed(this.o.seed, i, 0x5eed));
    const disks = this.o.disksMin + Math.floor(rng.next() * (this.o.disksMax - this.o.disksMin + 1));
    const task = hanoiTask(disks);
    // A random point along the optimal solution: t moves done, move t + 1 asked for.
    const t = Math.floor(rng.next() * task.totalSteps());
    return { i, r: j % this.repeat, disks, task, t };
  }

  request(j: number): LlmRequest {
    const { i, r, disks, task, t } = this.position(j);
    const agent = this.domain.agents.solver!;
    const state = stateAfter(disks, t);
    const previous: HanoiOutput | undefined = t > 0 ? { move: moveNumber(disks, t), next_state: state } : undefined;
    const vars = task.promptVars(state, previous, t);
    return {
      provider: this.o.provider, model: this.o.model, role: 'solver', prompt: render(agent.template, vars), system: agent.system === undefined ? undefined : render(agent.system, vars),
      temperature: this.o.temperature ?? agent.temperature.first, maxTokens: agent.maxTokens, sampling: sampleSettings(agent, `estimate-${i}`, r),
      meta: { step: i, chain: 'hanoi', seq: r, estimate: true },
    };
  }

  /** Red flags first (a run would discard the sample), then the parsed answer's vote key. */
  async score(j: number, res: LlmResponse): Promise<ScoredSample> {
    const { disks, task, t } = this.position(j);
    const agent = this.domain.agents.solver!;
    const parse = sampleParser(task);
    let pipeline = this.pipelines.get(disks);
    if (!pipeline) this.pipelines.set(disks, (pipeline = buildPipeline(this.domain, agent, { llm: this.llm, defaultProvider: this.o.provider, parse, signal: this.o.signal })));
    const draft: Draft = { role: 'solver', text: res.text, finish: res.finish, tokensOut: res.usage.output, maxTokens: agent.maxTokens, stepDescription: `step ${t + 1} of ${task.totalSteps()}` };
    const flags = await pipeline.run(draft);
    const base = { j, tokensIn: res.usage.input, tokensOut: res.usage.output };
    if (flags.length) return { ...base, flags: flags.map((f) => f.flagger) };
    // The format flag's parse travels with the draft: no second parse for the vote key.
    return { ...base, key: (draft.parsed ?? parse(res.text)).key };
  }

  add(s: ScoredSample): void {
    const { i, r, disks, t } = this.position(s.j);
    const right = outputKey({ move: moveNumber(disks, t + 1), next_state: stateAfter(disks, t + 1) });
    const outcome = (this.outcomes[i] ??= { disks, t, right, keys: new Array<string | undefined>(this.repeat).fill(undefined), tokensOut: new Array<number>(this.repeat).fill(0) });
    const acc = this.acc;
    acc.samples++;
    acc.tokensIn += s.tokensIn;
    acc.tokensOut += s.tokensOut;
    outcome.tokensOut[r] = s.tokensOut;
    if (s.key === undefined) {
      acc.redFlags++;
      for (const f of s.flags ?? []) acc.by[f] = (acc.by[f] ?? 0) + 1;
      return;
    }
    acc.valid++;
    outcome.keys[r] = s.key;
    if (s.key !== right) acc.errors++;
  }

  result(): EstimateResult {
    const { acc, domain, o } = this;
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
      lab: analyze(this.outcomes.filter(Boolean), this.repeat),
    };
  }
}
