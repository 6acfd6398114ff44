// What `microfactory estimate` and the MCP `estimate` tool share around estimateHanoi: the
// domain and model a measurement uses, the checks made before any call, and the JSON report.
import type { RunOverrides } from './api';
import type { AppDeps } from './api';
import { createBatchEngine, supportsBatch, BATCH_PROVIDERS } from '../llm/batch';
import { buildLlm } from './clients';
import { estimateHanoi, type EstimateOptions, type EstimateResult, type Interval } from './estimate';
import { estimateByBatch, type BatchReport } from './estimateBatch';
import { BatchJob } from './estimateBatchJob';
import { DEFAULT_PROVIDER, domainFor, UsageError } from './options';
import { finite } from './planJson';
import { preflight } from './preflight';
import { configPathFor } from './session';
import { getDomain, loadConfig } from '../config/load';

export type EstimateOverrides = Pick<RunOverrides, 'configPath' | 'provider' | 'model' | 'apiKey' | 'baseUrl' | 'errorRate' | 'latencyMs' | 'seed' | 'maxConcurrentLlm' | 'timeoutMs'>;

export interface EstimateRequest extends Omit<EstimateOptions, 'provider' | 'model' | 'seed' | 'concurrency'> {
  domain: string;
  overrides: EstimateOverrides;
  /** Draw the samples through the provider's batch engine (estimateBatch.ts) instead of live calls. */
  batch?: BatchRequest;
}

export interface BatchRequest {
  /** Where batch jobs are kept: $MICROFACTORY_HOME/estimates. */
  root: string;
  /** Between polls of a running batch, ms. */
  pollMs: number;
  /** `--resume ID`: the job this must continue. */
  expectId?: string;
  maxFollowUps?: number;
  say?: (line: string) => void;
}

/** `estimate --resume ID|last`: the request a stored batch job was started with. */
export function resumeEstimateRequest(root: string, which: string): Pick<EstimateRequest, 'domain' | 'overrides' | 'steps' | 'repeat' | 'disksMin' | 'disksMax' | 'temperature'> & { id: string } {
  const job = BatchJob.find(root, which);
  const s = job.record.settings;
  return { id: job.record.id, domain: s.domain, overrides: s.overrides, steps: s.steps, repeat: s.repeat, disksMin: s.disksMin, disksMax: s.disksMax, temperature: s.temperature };
}

/** The measurement, after the checks a run makes (a hanoi chain domain, a known provider, its key). */
export async function runEstimate(r: EstimateRequest, deps: Pick<AppDeps, 'resourceRoot' | 'log' | 'onLlmCall'>) {
  const o = r.overrides;
  if (r.disksMax < r.disksMin) throw new UsageError('--disks-max must not be below --disks-min');
  // The seed picks the steps and, for agents that sample with a seed (the local model), each sample's seed.
  const domain = domainFor(getDomain(loadConfig(configPathFor(o, deps.resourceRoot)), r.domain), { seed: o.seed ?? 1 });
  const agent = domain.agents.solver;
  if (domain.chain?.task !== 'hanoi' || !agent) throw new UsageError(`estimate measures Towers of Hanoi steps; domain '${r.domain}' is not a hanoi chain`);
  // As in a run: an agent that names its provider keeps its model; otherwise the override wins.
  const provider = agent.provider ?? o.provider ?? DEFAULT_PROVIDER;
  const model = agent.provider ? agent.model : (o.model ?? agent.model);
  if (r.batch && !supportsBatch(provider)) throw new UsageError(`--batch works with ${BATCH_PROVIDERS.join(' and ')} (their batch APIs); the solver's provider is '${provider}'`);
  const llm = buildLlm({ ...o, provider }, domain, { log: deps.log, onLlmCall: deps.onLlmCall, resourceRoot: deps.resourceRoot });
  await preflight(o, domain, llm);
  const { domain: _name, overrides: _o, batch, ...options } = r;
  const full: EstimateOptions = { ...options, seed: o.seed ?? 1, concurrency: o.maxConcurrentLlm ?? 4, provider, model };
  if (!batch) return { result: await estimateHanoi(llm, domain, full), provider, model };
  const engine = await createBatchEngine(provider, { apiKey: o.apiKey, baseUrl: o.baseUrl });
  // Everything that re-creates the requests, and never the key.
  const { apiKey: _key, ...kept } = o;
  const settings = { domain: r.domain, overrides: kept, steps: r.steps, repeat: r.repeat ?? 1, disksMin: r.disksMin, disksMax: r.disksMax, temperature: r.temperature };
  const result = await estimateByBatch(llm, domain, full, { engine, root: batch.root, settings, baseUrl: o.baseUrl, pollMs: batch.pollMs, expectId: batch.expectId, maxFollowUps: batch.maxFollowUps, say: batch.say });
  return { result, provider, model };
}


function interval(i: Interval) {
  return { rate: i.rate, low: i.low, high: i.high };
}

/** `estimate --json` and the MCP tool's structured result. */
export function estimateJson(r: EstimateResult, provider: string, model: string, disksMin: number, disksMax: number) {
  const planJson = (p: EstimateResult['plan']) => ({
    k_min: finite(p.kMin), samples_per_step: finite(p.samplesPerStep), total_samples: finite(p.totalSamples), expected_cost_usd: finite(p.expectedCost), eq18_cost_usd: finite(p.eq18Cost), p_full: p.pFull, solvable: p.solvable,
  });
  return {
    provider, model, disks_min: disksMin, disks_max: disksMax, samples: r.samples, valid: r.valid, errors: r.errors,
    error_rate: interval(r.errorRate), red_flags: r.redFlags, red_flags_by: r.redFlagsBy, red_flag_rate: interval(r.redFlagRate),
    tokens_in: r.tokensIn, tokens_out: r.tokensOut, cost_per_sample_usd: r.priced ? r.costPerSample : null,
    task: { disks: r.taskDisks, steps: 2 ** r.taskDisks - 1, target: r.target, ...planJson(r.plan), at_ci_low: planJson(r.planLow), at_ci_high: planJson(r.planHigh) },
    lab: {
      repeat: r.lab.repeat, steps_judged: r.lab.stepsJudged, systematic_steps: r.lab.systematicSteps, systematic_share: r.lab.systematicShare, random_error_rate: r.lab.randomErrorRate,
      warning: r.lab.systematicSteps > 0 ? 'voting multiplies a per-step edge, it does not create one: systematic steps fail at any k' : null,
      worst: r.lab.worst.map((w) => ({ disks: w.disks, step: w.step, error_share: w.errorShare, valid: w.valid, majority: w.majority, systematic: w.systematic })),
      by_disks: r.lab.byDisks.map((d) => ({ disks: d.disks, valid: d.valid, errors: d.errors, error_rate: d.rate })),
      decorrelation: r.lab.decorrelation
        ? { steps: r.lab.decorrelation.steps, wrong_first: r.lab.decorrelation.wrongFirst, wrong_second: r.lab.decorrelation.wrongSecond, wrong_both: r.lab.decorrelation.wrongBoth, expected_if_independent: r.lab.decorrelation.expectedIfIndependent }
        : null,
      by_length: r.lab.byLength.map((b) => ({ min_tokens: b.minTokens, max_tokens: b.maxTokens, valid: b.valid, errors: b.errors, error_rate: b.rate })),
    },
    batch: r.batch ? batchJson(r.batch, r.priced) : null,
  };
}

function batchJson(b: BatchReport, priced: boolean) {
  return {
    job: b.job, provider: b.provider, resumed: b.resumed, price_factor: b.priceFactor,
    cost_per_sample_usd: priced ? b.costPerSample : null, cost_usd: priced ? b.costUsd : null,
    errored: b.errored, expired: b.expired, canceled: b.canceled, retried: b.retried, unanswered: b.unanswered,
    batches: b.batches.map((e) => ({ id: e.id, items: e.items, reason: e.reason, state: e.state, counts: e.counts ?? null, message: e.message ?? null })),
  };
}
