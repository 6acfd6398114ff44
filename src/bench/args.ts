// Flags of `node dist/bench.js` (npm run bench:hanoi).
import { parseArgs } from 'node:util';

export interface BenchArgs {
  disks: number;
  errorRate: number;
  seed: number;
  latencyMs: number;
  maxConcurrentLlm: number;
  /** undefined: k_min from the planner (t = 0.95). */
  k?: number;
  target: number;
  repeat: number;
  jsonOnly: boolean;
  bare: boolean;
  keep: boolean;
  /** Print one line per checkpoint of the last engine run to stderr. */
  trace: boolean;
  /** Internal (child.ts): run only this, once, in this process, and print its result as JSON. */
  child?: 'bare' | 'engine';
}

export const BENCH_HELP = `node dist/bench.js [options]     (npm run bench:hanoi -- [options])

  --disks N                 Hanoi disks (default 20: 1,048,575 steps)
  --error-rate P            simulated per-step error rate (default 0.0022, gpt-4.1-mini in the paper)
  --seed N                  simulated model seed (default 1)
  --k N                     votes ahead needed (default: k_min from the planner for --target)
  --target T                whole-task success target for k_min (default 0.95)
  --latency-ms MS           simulated latency per call; > 0 is the latency mode (no bare loop)
  --max-concurrent-llm N    concurrent calls (default 4)
  --repeat R                run engine and bare loop R times each and report medians (default 1)
  --no-bare                 skip the bare reference loop
  --keep                    keep the temporary store folder
  --trace                   print every checkpoint of the engine run (steps covered, ms, DB size)
  --json-only               print only the JSON line`;

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      disks: { type: 'string' }, 'error-rate': { type: 'string' }, seed: { type: 'string' }, 'latency-ms': { type: 'string' },
      'max-concurrent-llm': { type: 'string' }, k: { type: 'string' }, target: { type: 'string' }, repeat: { type: 'string' },
      'json-only': { type: 'boolean' }, 'no-bare': { type: 'boolean' }, keep: { type: 'boolean' }, trace: { type: 'boolean' }, child: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return 'help';
  const num = (name: string, value: string | undefined, def: number, ok: (n: number) => boolean): number => {
    if (value === undefined) return def;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new Error(`--${name}: bad value '${value}'`);
    return n;
  };
  const int = (n: number) => Number.isInteger(n) && n >= 1;
  return {
    disks: num('disks', v.disks, 20, (n) => int(n) && n <= 30),
    errorRate: num('error-rate', v['error-rate'], 0.0022, (n) => n >= 0 && n < 1),
    seed: num('seed', v.seed, 1, Number.isInteger),
    latencyMs: num('latency-ms', v['latency-ms'], 0, (n) => n >= 0),
    maxConcurrentLlm: num('max-concurrent-llm', v['max-concurrent-llm'], 4, int),
    k: v.k === undefined ? undefined : num('k', v.k, 0, int),
    target: num('target', v.target, 0.95, (n) => n > 0 && n < 1),
    repeat: num('repeat', v.repeat, 1, int),
    jsonOnly: v['json-only'] === true,
    bare: v['no-bare'] !== true,
    keep: v.keep === true,
    trace: v.trace === true,
    child: v.child === undefined ? undefined : v.child === 'bare' || v.child === 'engine' ? v.child : badChild(v.child),
  };
}

function badChild(v: string): never {
  throw new Error(`--child: bad value '${v}'`);
}
