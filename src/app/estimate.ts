// `microfactory estimate`: a model's per-step error rate on Towers of Hanoi before paying for a run
// (the paper's Fig. 6a method). Random steps of random disk counts (a random point along the
// optimal solution, with the move before it), one sample each and no voting, through the same
// prompt rendering, LLM client and red flags as a run. A sample is an error when its parsed
// (move, next_state) differs from the right one; red-flagged samples are counted apart, as a run
// would discard them. The result feeds the planner: k_min and the expected cost of the full task.
import type { DomainConfig } from '../engine/config';
import type { Plan } from '../engine/planner';
import type { LlmClient } from '../engine/ports';
import type { BatchReport } from './estimateBatch';
import type { LabResult } from './estimateLab';
import { EstimateSampler } from './estimateSamples';

export { wilson } from './estimateSamples';

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
  /** `estimate --batch`: the batches, their faults and the cost at batch prices. */
  batch?: BatchReport;
}

export async function estimateHanoi(llm: LlmClient, domain: DomainConfig, o: EstimateOptions): Promise<EstimateResult> {
  const sampler = new EstimateSampler(llm, domain, o);
  const total = sampler.total;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      if (o.signal?.aborted) throw o.signal.reason ?? new Error('aborted');
      const j = next++;
      sampler.add(await sampler.score(j, await llm.complete(sampler.request(j), o.signal)));
      o.onProgress?.(sampler.samples, total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, total)) }, worker));
  return sampler.result();
}
