// `microfactory plan`: the paper's k_min (Eq. 14), expected samples and cost (Eq. 18, input and
// output tokens) for a run before paying for it, what n-sampling and caching would save, and
// with --compare the same for several models (the paper's Fig. 6b).
import { pSolvedWithSystematic } from '../../app/estimateLab';
import { UsageError } from '../../app/options';
import { savingsJson } from '../../app/planCompare';
import { readEstimate } from '../../app/planEstimate';
import { finite, planJson } from '../../app/planJson';
import { LIMITS } from '../../engine/limits';
import { PAPER_TOKENS, plan } from '../../engine/planner';
import { planSavings } from '../../engine/planSavings';
import { priceOf } from '../../llm/pricing';
import { num, parse, str } from '../args';
import { money } from '../output';
import { compareCommand, configPricing, prefixShare, savingsLines, solvableRate, target as targetFlag } from './planCompare';
import { help } from './run';

const HELP = `microfactory plan --error-rate E --steps S [--target 0.95] [--flag-rate R]
                  [--model NAME | --price-in $/M --price-out $/M [--price-cached $/M]]
                  [--tokens-in N --tokens-out N] [--prefix-share H] [--json]
       microfactory plan --compare --models a,b,c [--estimate FILE|DIR,...] [--error-rate E | a=E,b=E]
                  [--tokens-in N | a=N,...] [--tokens-out N | a=N,...] [--flag-rate R | a=R,...]
                  [--steps S] [--target 0.95] [--prefix-share H] [--json]
       microfactory plan --estimate FILE [--steps S] [--target 0.95] [--json]

  The expected cost counts every sample's input and output tokens (the paper's Eq. 18). Without
  --tokens-in/--tokens-out a priced plan takes the paper's ${PAPER_TOKENS.in} in / ${PAPER_TOKENS.out} out per sample.
  --model NAME      prices from the pricing table (with its cached-input price, when known);
                    --config FILE (else ./config.yaml) adds its \`pricing:\` map
  --prefix-share H  share of the prompt that is the same on every request, billed at the cached
                    price with caching (default 0.75: our Hanoi prompt)
  --compare         the paper's Fig. 6b table for --models, cheapest first: k_min, samples per
                    step, expected cost, and the n-sampling and caching savings. Each model's
                    error rate, red-flag rate and tokens come from its \`estimate --json\` result
                    (--estimate, files or folders of them, matched by model), else from the flags
                    (one value for all, or model=value). --steps defaults to 1,048,575 (20 disks).
  --estimate FILE   an \`estimate --json\` result: its error rate, red-flag rate and tokens, and
                    with --repeat its systematic steps, whose wrong majority no k fixes. The plan
                    then gives P(solved) with those steps counted, beside the paper's k_min.`;

export async function planCommand(argv: string[]): Promise<number> {
  const v = parse(argv, {
    'error-rate': { type: 'string' }, steps: { type: 'string' }, target: { type: 'string' }, 'flag-rate': { type: 'string' },
    'tokens-in': { type: 'string' }, 'tokens-out': { type: 'string' }, 'price-in': { type: 'string' }, 'price-out': { type: 'string' }, json: { type: 'boolean' },
    estimate: { type: 'string' }, compare: { type: 'boolean' }, models: { type: 'string' }, model: { type: 'string' }, 'price-cached': { type: 'string' }, 'prefix-share': { type: 'string' },
    config: { type: 'string' },
  });
  if (v.help) return help(HELP);
  if (v.compare) return compareCommand(v);
  if (v.models !== undefined) throw new UsageError('--models goes with --compare');
  if (typeof v.estimate === 'string') return planFromEstimate(v);
  const rate = num(v['error-rate'], 'error-rate', LIMITS.errorRate);
  const steps = num(v.steps, 'steps', LIMITS.planSteps);
  if (rate === undefined || steps === undefined) throw new UsageError('plan needs --error-rate and --steps');
  const errorRate = solvableRate(rate, '--error-rate');
  const target = targetFlag(v);
  const prices = pricesFrom(v);
  const flagRate = num(v['flag-rate'], 'flag-rate', { min: 0, max: 0.99 });
  // A priced plan without token counts takes the paper's; an unpriced one stays at $0 (as the MCP tool's).
  const tokens = (flag: 'tokens-in' | 'tokens-out', paper: number) => num(v[flag], flag, LIMITS.tokens) ?? (prices ? paper : undefined);
  const input = { errorRate, steps, target, flagRate, tokensIn: tokens('tokens-in', PAPER_TOKENS.in), tokensOut: tokens('tokens-out', PAPER_TOKENS.out), priceIn: prices?.input, priceOut: prices?.output };
  const p = plan(input);
  const savings = prices ? planSavings({ plan: p, validRate: 1 - (flagRate ?? 0), steps, tokensIn: input.tokensIn ?? 0, tokensOut: input.tokensOut ?? 0, prices, prefixShare: prefixShare(v) }) : undefined;
  if (v.json) {
    const extra = prices ? { tokens_in: input.tokensIn, tokens_out: input.tokensOut, savings: savingsJson(savings) } : {};
    process.stdout.write(JSON.stringify({ ...planJson({ errorRate, steps, target }, p), ...extra }) + '\n');
    return 0;
  }
  process.stdout.write([
    `k_min = ${p.kMin}   (Eq. 14: error rate ${errorRate}, ${steps} steps, target ${target})`,
    `per-step success with k=${p.kMin}: ${p.pSub.toPrecision(10)}   whole task: ${p.pFull.toFixed(4)}`,
    `expected samples: ${p.samplesPerStep.toFixed(3)} per step, ${Math.round(p.totalSamples).toLocaleString('en-US')} in total`,
    ...(prices
      ? [
          `expected cost: ${money(p.expectedCost)} (Eq. 18 approximation: ${money(p.eq18Cost)}) at ${money(p.costPerSample)} per sample of ${input.tokensIn} in / ${input.tokensOut} out tokens`,
          ...savingsLines(savings, str(v.model)),
        ]
      : [`expected cost: give --model NAME, or --price-in/--price-out ($ per million tokens)`]),
  ].join('\n') + '\n');
  return 0;
}

/** Prices from --model (the pricing table) with --price-* flags over it; undefined when neither is given. */
function pricesFrom(v: Record<string, string | boolean | undefined>) {
  const model = str(v.model);
  const table = model === undefined ? undefined : priceOf(model, configPricing(v))?.price;
  if (model !== undefined && !table) throw new UsageError(`--model: unknown model '${model}': no price in the pricing table (give --price-in and --price-out, or add it under \`pricing:\` in config.yaml)`);
  const input = num(v['price-in'], 'price-in', LIMITS.pricePerMillion) ?? table?.input;
  const output = num(v['price-out'], 'price-out', LIMITS.pricePerMillion) ?? table?.output;
  const cachedInput = num(v['price-cached'], 'price-cached', LIMITS.pricePerMillion) ?? table?.cachedInput;
  if (input === undefined && output === undefined) return undefined;
  return { input: input ?? 0, output: output ?? 0, cachedInput, cacheWrite: table?.cacheWrite };
}

/** The plan from a stored `estimate --json` result, with its systematic steps counted. */
function planFromEstimate(v: Record<string, string | boolean | undefined>): number {
  const file = v.estimate as string;
  const e = readEstimate(file);
  const steps = num(v.steps, 'steps', LIMITS.planSteps) ?? e.steps;
  const target = targetFlag(v);
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
