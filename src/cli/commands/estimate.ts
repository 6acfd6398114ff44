// `microfactory estimate`: measure a model's per-step error rate on random Hanoi steps (one
// sample each, no voting: the paper's Fig. 6a), then k_min and the expected cost of the full
// task, so a user can pick a model before paying for a run. Any provider works (the real router).
import * as path from 'node:path';
import type { EstimateResult } from '../../app/estimate';
import { estimateJson, resumeEstimateRequest, runEstimate, type EstimateRequest } from '../../app/estimateRun';
import { UsageError } from '../../app/options';
import { LIMITS } from '../../engine/limits';
import { defaultStorePath } from '../../store';
import { configFlag, num, parse, str } from '../args';
import type { CliContext } from '../context';
import { money } from '../output';
import { help } from './run';

const HELP = `microfactory estimate --domain hanoi [--steps 10000] [--disks-min 10 --disks-max 20] [options]

  Samples random steps of random disk counts once each, without voting (the paper's Fig. 6a),
  and reports the per-step error rate with a 95 % Wilson interval, the red-flag rate, tokens per
  sample, and the implied k_min and expected cost of the full task.

  --steps N                 random steps to sample (default 10000)
  --repeat R                samples per step (default 1). At 2+: systematic steps (the majority
                            answer is wrong: no k fixes them), the worst steps, and a decorrelation
                            check (samples 1 and 2 as two independent runs); also error rate per
                            disk count and against answer length, at any R
  --disks-min N --disks-max N   disk counts to draw from (default 10 and 20)
  --task-disks N            the task to plan for (default 20: 1,048,575 steps)   --target T (default 0.95)
  --llm-provider NAME --llm-model NAME --base-url URL --api-key KEY   (default: simulated)
  --error-rate P  --latency-ms MS   (simulated model)       --seed N (default 1)
  --temperature T           (default: the solver's first-vote temperature)
  --max-concurrent-llm N    samples in flight (default 4)
  --batch                   send the samples through the provider's batch engine (openai: Batch,
                            anthropic: Message Batches) at batch prices (50 % off), answers within
                            24 h. The job is kept in $MICROFACTORY_HOME/estimates/<id>: the same
                            command again (or --resume) polls the same batch, never a second one
  --poll-ms MS              between polls of a running batch (default 30000)
  --resume ID|last          continue a batch estimate with its stored settings (implies --batch)
  --config FILE  --json  -q`;

/** Flags that shape the samples: a resumed estimate takes them from its job, never from the command line. */
const SAMPLE_FLAGS = ['domain', 'steps', 'repeat', 'disks-min', 'disks-max', 'llm-provider', 'llm-model', 'base-url', 'error-rate', 'latency-ms', 'seed', 'temperature', 'config'];

export async function estimateCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, {
    domain: { type: 'string' }, steps: { type: 'string' }, repeat: { type: 'string' }, 'disks-min': { type: 'string' }, 'disks-max': { type: 'string' }, 'task-disks': { type: 'string' },
    target: { type: 'string' }, 'llm-provider': { type: 'string' }, 'llm-model': { type: 'string' }, 'base-url': { type: 'string' }, 'api-key': { type: 'string' },
    'error-rate': { type: 'string' }, 'latency-ms': { type: 'string' }, seed: { type: 'string' }, temperature: { type: 'string' }, 'max-concurrent-llm': { type: 'string' },
    'timeout-ms': { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
    batch: { type: 'boolean' }, 'poll-ms': { type: 'string' }, resume: { type: 'string' },
  });
  if (v.help) return help(HELP);
  if (v.resume !== undefined) return resumeBatch(v, cli);
  const disksMin = num(v['disks-min'], 'disks-min', LIMITS.disks) ?? 10;
  const disksMax = num(v['disks-max'], 'disks-max', LIMITS.disks) ?? Math.max(20, disksMin);
  const overrides = {
    configPath: configFlag(v), provider: str(v['llm-provider']), model: str(v['llm-model']), apiKey: str(v['api-key']), baseUrl: str(v['base-url']),
    errorRate: num(v['error-rate'], 'error-rate', LIMITS.errorRate), latencyMs: num(v['latency-ms'], 'latency-ms', LIMITS.latencyMs),
    seed: num(v.seed, 'seed', LIMITS.seed), maxConcurrentLlm: num(v['max-concurrent-llm'], 'max-concurrent-llm', LIMITS.maxConcurrentLlm),
    timeoutMs: num(v['timeout-ms'], 'timeout-ms', LIMITS.timeoutMs),
  };
  const steps = num(v.steps, 'steps', LIMITS.estimateSteps) ?? 10_000;
  if (v['poll-ms'] !== undefined && v.batch !== true) throw new UsageError('--poll-ms goes with --batch');
  return measure(v, cli, {
    domain: str(v.domain) ?? 'hanoi', overrides, steps, repeat: num(v.repeat, 'repeat', LIMITS.samples) ?? 1, disksMin, disksMax,
    temperature: num(v.temperature, 'temperature', LIMITS.temperature),
  }, v.batch === true);
}

/** `--resume ID|last`: the stored job's settings; only the key, the output and the polling may change. */
function resumeBatch(v: Record<string, string | boolean | undefined>, cli: CliContext): Promise<number> {
  const given = SAMPLE_FLAGS.find((f) => v[f] !== undefined);
  if (given) throw new UsageError(`--resume continues a batch estimate with its stored settings; drop --${given} (or start a new estimate without --resume)`);
  const stored = resumeEstimateRequest(batchRoot(), String(v.resume));
  const overrides = { ...stored.overrides, apiKey: str(v['api-key']), maxConcurrentLlm: num(v['max-concurrent-llm'], 'max-concurrent-llm', LIMITS.maxConcurrentLlm) ?? stored.overrides.maxConcurrentLlm,
    timeoutMs: num(v['timeout-ms'], 'timeout-ms', LIMITS.timeoutMs) ?? stored.overrides.timeoutMs };
  const { id, ...request } = stored;
  return measure(v, cli, { ...request, overrides }, true, id);
}

function batchRoot(): string {
  return path.join(path.dirname(defaultStorePath()), 'estimates');
}

type Sampling = Pick<EstimateRequest, 'domain' | 'overrides' | 'steps' | 'repeat' | 'disksMin' | 'disksMax' | 'temperature'>;

async function measure(v: Record<string, string | boolean | undefined>, cli: CliContext, s: Sampling, batch: boolean, expectId?: string): Promise<number> {
  const quiet = v.quiet === true || v.json === true;
  // Tenths told so far; a resumed batch estimate starts at the share it had stored.
  let shown = -1;
  const say = (line: string) => process.stderr.write(`estimate: ${line}\n`);
  const { result, provider, model } = await runEstimate({
    ...s, taskDisks: num(v['task-disks'], 'task-disks', LIMITS.disks), target: num(v.target, 'target', { min: 0, max: 1 }),
    onProgress: quiet ? undefined : (done, total) => {
      if (shown < 0) shown = Math.floor(((done - 1) * 10) / total);
      if (done * 10 >= (shown + 1) * total) say(`${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} samples (${++shown * 10} %)`);
    },
    // Batch news (submitted, resumed, re-submitted, a warning) is told even with --json: it is on stderr.
    batch: batch ? { root: batchRoot(), pollMs: num(v['poll-ms'], 'poll-ms', { int: true, min: 10, max: 3_600_000 }) ?? 30_000, expectId, say: v.quiet === true ? undefined : say } : undefined,
  }, { resourceRoot: cli.resourceRoot, log: cli.log });
  if (v.json) process.stdout.write(JSON.stringify(estimateJson(result, provider, model, s.disksMin, s.disksMax)) + '\n');
  else process.stdout.write(describe(result, provider, model, s.disksMin, s.disksMax) + '\n');
  return 0;
}

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;

function describe(r: EstimateResult, provider: string, model: string, disksMin: number, disksMax: number): string {
  const e = r.errorRate;
  const p = r.plan;
  const flags = Object.entries(r.redFlagsBy).map(([f, n]) => `${f} ${n}`).join(', ');
  const kText = (k: number) => (Number.isFinite(k) ? String(k) : 'none (p <= 0.5)');
  return [
    `estimate: ${r.samples.toLocaleString('en-US')} random steps of ${disksMin}-${disksMax} disks, one sample each, no voting (paper Fig. 6a); ${provider}/${model}`,
    `per-step error rate: ${e.rate.toFixed(5)} (95 % CI ${e.low.toFixed(5)} - ${e.high.toFixed(5)}): ${r.errors.toLocaleString('en-US')} wrong of ${r.valid.toLocaleString('en-US')} valid samples`,
    `red flags: ${r.redFlags.toLocaleString('en-US')} (${pct(r.redFlagRate.rate)}${flags ? `; ${flags}` : ''})`,
    `tokens per sample: ${r.tokensIn.toFixed(1)} in / ${r.tokensOut.toFixed(1)} out` + (r.priced ? `, ${money(r.costPerSample)} per sample` : `, no price known for ${model}`),
    p.solvable
      ? `full task (${r.taskDisks} disks, ${(2 ** r.taskDisks - 1).toLocaleString('en-US')} steps, target ${r.target}): k_min = ${kText(p.kMin)} (${kText(r.planLow.kMin)} - ${kText(r.planHigh.kMin)} over the CI), ` +
        `${p.samplesPerStep.toFixed(3)} samples per step, ${Math.round(p.totalSamples).toLocaleString('en-US')} samples` +
        (r.priced ? `, expected cost ${money(p.expectedCost)} (Eq. 18: ${money(p.eq18Cost)}; ${money(r.planLow.expectedCost)} - ${money(r.planHigh.expectedCost)} over the CI)` : '')
      : `full task: per-step success ${(1 - e.rate).toFixed(4)} is not above 0.5, so no k makes voting converge (more votes entrench the wrong answer)`,
    ...describeBatch(r),
    ...describeLab(r),
  ].join('\n');
}

function describeBatch(r: EstimateResult): string[] {
  const b = r.batch;
  if (!b) return [];
  const ids = b.batches.map((e) => e.id).join(', ');
  const faults = [b.errored && `${b.errored} errored`, b.expired && `${b.expired} expired`, b.canceled && `${b.canceled} cancelled`].filter(Boolean);
  const retried = b.retried.errored + b.retried.expired + b.retried.missing;
  return [
    `batch: ${b.provider} job ${b.job}${b.resumed ? ' (resumed)' : ''}, batches ${ids}` +
      (faults.length ? `; ${faults.join(', ')}, ${retried} re-submitted in follow-up batches` : '') +
      (b.unanswered ? `; ${b.unanswered} samples unanswered` : ''),
    r.priced
      ? `cost at batch prices (${Math.round((1 - b.priceFactor) * 100)} % off): ${money(b.costPerSample)} per sample, ${money(b.costUsd)} for ${r.samples.toLocaleString('en-US')} samples (live: ${money(r.costPerSample * r.samples)})`
      : `cost at batch prices: no price known for this model`,
  ];
}

function describeLab(r: EstimateResult): string[] {
  const l = r.lab;
  const out = [`error rate by disk count: ${l.byDisks.map((d) => `${d.disks}: ${pct(d.rate, 1)} (${d.errors}/${d.valid})`).join(', ')}`];
  if (l.byLength.length) out.push(`error rate by answer length (output tokens): ${l.byLength.map((b) => `${b.minTokens}-${b.maxTokens}: ${pct(b.rate, 1)}`).join(', ')}`);
  if (l.repeat < 2) return out;
  out.push(`systematic steps (the majority of ${l.repeat} samples is wrong): ${l.systematicSteps} of ${l.stepsJudged} (${pct(l.systematicShare, 1)}); error rate on the other steps: ${l.randomErrorRate.toFixed(5)}`);
  const d = l.decorrelation;
  if (d) out.push(`decorrelation: two runs over the same ${d.steps} steps were wrong ${d.wrongFirst} and ${d.wrongSecond} times, both at once ${d.wrongBoth} (${d.expectedIfIndependent.toFixed(1)} if errors were independent)`);
  if (l.worst.length) out.push('worst steps: ' + l.worst.slice(0, 5).map((w) => `${w.disks} disks step ${w.step}: ${pct(w.errorShare, 0)} wrong${w.systematic ? ' (systematic)' : ''}`).join('; '));
  if (l.systematicSteps > 0) {
    out.push(`WARNING: ${l.systematicSteps} step(s) have a wrong majority answer. Voting multiplies a per-step edge, it does not create one: no k fixes these steps, and a task that meets them fails (plan --estimate FILE counts them).`);
  }
  return out;
}
