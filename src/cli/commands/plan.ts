// `microfactory plan`: the paper's k_min (Eq. 14), expected samples and cost (Eq. 18) for a run
// before paying for it.
import { pSolvedWithSystematic } from '../../app/estimateLab';
import { UsageError } from '../../app/options';
import { readBoundedText } from '../../config/readBounded';
import { finite, planJson } from '../../app/planJson';
import { LIMITS } from '../../engine/limits';
import { plan } from '../../engine/planner';
import { num, parse } from '../args';
import { money } from '../output';
import { help } from './run';

const HELP = `microfactory plan --error-rate E --steps S [--target 0.95] [--flag-rate R]
                  [--tokens-in N --tokens-out N --price-in $/M --price-out $/M] [--json]
       microfactory plan --estimate FILE [--steps S] [--target 0.95] [--json]

  --estimate FILE   an \`estimate --json\` result: its error rate, red-flag rate and tokens, and
                    with --repeat its systematic steps, whose wrong majority no k fixes. The plan
                    then gives P(solved) with those steps counted, beside the paper's k_min.`;

export async function planCommand(argv: string[]): Promise<number> {
  const v = parse(argv, {
    'error-rate': { type: 'string' }, steps: { type: 'string' }, target: { type: 'string' }, 'flag-rate': { type: 'string' },
    'tokens-in': { type: 'string' }, 'tokens-out': { type: 'string' }, 'price-in': { type: 'string' }, 'price-out': { type: 'string' }, json: { type: 'boolean' },
    estimate: { type: 'string' },
  });
  if (v.help) return help(HELP);
  if (typeof v.estimate === 'string') return planFromEstimate(v);
  const errorRate = num(v['error-rate'], 'error-rate', LIMITS.errorRate);
  const steps = num(v.steps, 'steps', LIMITS.planSteps);
  if (errorRate === undefined || steps === undefined) throw new UsageError('plan needs --error-rate and --steps');
  const target = num(v.target, 'target', { min: 0, max: 1 }) ?? 0.95;
  if (target <= 0 || target >= 1) throw new UsageError('--target must be between 0 and 1 (exclusive)');
  const p = plan({
    errorRate, steps, target,
    flagRate: num(v['flag-rate'], 'flag-rate', { min: 0, max: 0.99 }),
    tokensIn: num(v['tokens-in'], 'tokens-in', LIMITS.tokens), tokensOut: num(v['tokens-out'], 'tokens-out', LIMITS.tokens),
    priceIn: num(v['price-in'], 'price-in', LIMITS.pricePerMillion), priceOut: num(v['price-out'], 'price-out', LIMITS.pricePerMillion),
  });
  if (v.json) {
    process.stdout.write(JSON.stringify(planJson({ errorRate, steps, target }, p)) + '\n');
    return 0;
  }
  if (!p.solvable) {
    process.stdout.write(`per-step success p = ${p.p} is not above 0.5: no k makes voting converge on the right answer (more votes only entrench the wrong one).\n`);
    return 0;
  }
  process.stdout.write([
    `k_min = ${p.kMin}   (Eq. 14: error rate ${errorRate}, ${steps} steps, target ${target})`,
    `per-step success with k=${p.kMin}: ${p.pSub.toPrecision(10)}   whole task: ${p.pFull.toFixed(4)}`,
    `expected samples: ${p.samplesPerStep.toFixed(3)} per step, ${Math.round(p.totalSamples).toLocaleString('en-US')} in total`,
    p.costPerSample > 0 ? `expected cost: ${money(p.expectedCost)} (Eq. 18 approximation: ${money(p.eq18Cost)}) at ${money(p.costPerSample)} per sample` : `expected cost: give --tokens-in/--tokens-out and --price-in/--price-out`,
  ].join('\n') + '\n');
  return 0;
}

/** The plan from a stored `estimate --json` result, with its systematic steps counted. */
function planFromEstimate(v: Record<string, string | boolean | undefined>): number {
  const file = v.estimate as string;
  const e = readEstimate(file);
  const steps = num(v.steps, 'steps', LIMITS.planSteps) ?? e.steps;
  const target = num(v.target, 'target', { min: 0, max: 1 }) ?? 0.95;
  const naive = plan({ errorRate: e.errorRate, steps, target, flagRate: e.flagRate, tokensIn: e.tokensIn, tokensOut: e.tokensOut });
  // Voting can only fix the steps that are not systematic: plan on their error rate, then count
  // the systematic ones, each of which fails whatever k is.
  const rand = plan({ errorRate: e.randomErrorRate, steps, target, flagRate: e.flagRate });
  const pSolved = rand.solvable ? pSolvedWithSystematic(steps, e.systematicShare, rand.pSub) : 0;
  const best = e.systematicShare > 0 ? Math.exp(steps * Math.log1p(-e.systematicShare)) : 1;
  if (v.json) {
    process.stdout.write(JSON.stringify({
      estimate: file, steps, target, error_rate: e.errorRate, systematic_share: e.systematicShare, random_error_rate: e.randomErrorRate,
      k_min_from_mean: Number.isFinite(naive.kMin) ? naive.kMin : null, p_solved_from_mean: naive.pFull,
      k_min_random_steps: Number.isFinite(rand.kMin) ? rand.kMin : null, p_solved: pSolved, p_solved_at_any_k: best, samples_per_step: finite(rand.samplesPerStep),
    }) + '\n');
    return 0;
  }
  const pc = (x: number) => `${(x * 100).toPrecision(3)} %`;
  process.stdout.write([
    `from ${file}: error rate ${e.errorRate.toFixed(5)}; systematic steps ${pc(e.systematicShare)} (repeat ${e.repeat}); error rate on the others ${e.randomErrorRate.toFixed(5)}`,
    naive.solvable ? `the paper's plan from the mean error: k_min = ${naive.kMin}, P(solved) = ${naive.pFull.toFixed(4)} over ${steps.toLocaleString('en-US')} steps` : `the mean error leaves p <= 0.5: no k converges`,
    rand.solvable
      ? `with the systematic steps counted: k_min = ${rand.kMin} for the other steps, P(solved) = ${pSolved.toPrecision(3)}` + (e.systematicShare > 0 ? `; no k can do better than ${best.toPrecision(3)}` : '')
      : `the steps that are not systematic still fail more often than not: no k converges`,
    ...(e.systematicShare > 0 && pSolved < target ? [`the target ${target} is out of reach: voting multiplies a per-step edge, it does not create one. Fix the steps (a better prompt, a stronger model) before adding votes.`] : []),
  ].join('\n') + '\n');
  return 0;
}

interface StoredEstimate { errorRate: number; flagRate: number; tokensIn: number; tokensOut: number; steps: number; repeat: number; systematicShare: number; randomErrorRate: number }

function readEstimate(file: string): StoredEstimate {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readBoundedText(file, '--estimate')) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--estimate ${file}: ${(e as Error).message}`);
  }
  const n = (x: unknown, what: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`--estimate ${file}: not an \`estimate --json\` result (${what} is missing)`);
    return x;
  };
  const at = (o: unknown, key: string): unknown => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined);
  const errorRate = n(at(raw.error_rate, 'rate'), 'error_rate.rate');
  const lab = raw.lab;
  return {
    errorRate, flagRate: n(at(raw.red_flag_rate, 'rate'), 'red_flag_rate.rate'), tokensIn: n(raw.tokens_in, 'tokens_in'), tokensOut: n(raw.tokens_out, 'tokens_out'),
    steps: n(at(raw.task, 'steps'), 'task.steps'), repeat: lab ? n(at(lab, 'repeat'), 'lab.repeat') : 1,
    systematicShare: lab ? n(at(lab, 'systematic_share'), 'lab.systematic_share') : 0, randomErrorRate: lab ? n(at(lab, 'random_error_rate'), 'lab.random_error_rate') : errorRate,
  };
}

