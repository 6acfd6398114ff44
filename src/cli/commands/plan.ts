// `microfactory plan`: the paper's k_min (Eq. 14), expected samples and cost (Eq. 18) for a run
// before paying for it.
import { UsageError } from '../../app/options';
import { planJson } from '../../app/planJson';
import { LIMITS } from '../../engine/limits';
import { plan } from '../../engine/planner';
import { num, parse } from '../args';
import { money } from '../output';
import { help } from './run';

const HELP = `microfactory plan --error-rate E --steps S [--target 0.95] [--flag-rate R]
                  [--tokens-in N --tokens-out N --price-in $/M --price-out $/M] [--json]`;

export async function planCommand(argv: string[]): Promise<number> {
  const v = parse(argv, {
    'error-rate': { type: 'string' }, steps: { type: 'string' }, target: { type: 'string' }, 'flag-rate': { type: 'string' },
    'tokens-in': { type: 'string' }, 'tokens-out': { type: 'string' }, 'price-in': { type: 'string' }, 'price-out': { type: 'string' }, json: { type: 'boolean' },
  });
  if (v.help) return help(HELP);
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
