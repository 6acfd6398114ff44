// What n-sampling and prompt caching save (R2.7): a 10-disk Hanoi chain and a slice of the code
// benchmark through the openai, gemini and anthropic wire formats (the official SDKs against the
// local server), in each sampling mode, with and without the providers' prompt caches emulated, at
// equal prompt and answer lengths (the server counts tokens alike for every format) and one price
// (gpt-4.1-mini's list price for every format, so only the mode and the cache differ).
// The bill is the server's: input once per request, output per choice, cached input at the cached
// rate, as the providers bill. The code slice runs each task in its own tiny repository and inside
// a realistic source tree (costRepo.ts), several seeds per cell, every mode with the same draws as
// separate (costCoder.ts); a cell's figure is the median of its seeds' ratios, with their spread.
//   npm run bench:cost [-- --repeat 3 --tasks js-slugify,py-chunks --repos tiny,large --disks 10 (0: no Hanoi)
//                         --formats openai --modes separate,batched+cache --error-rate 0.01 --seed 1 --by-role]
import { parseArgs } from 'node:util';
import type { SamplingMode } from '../../src/engine/config';
import type { WireProvider } from '../support/llmServer';
import { CODE_TASKS } from './code-tasks';
import { REPO_SHAPES } from './costRepo';
import { jsonRows, PRICE, printRoles, printRows, usdPerVote, type Measure, type Row } from './costReport';
import { code, hanoi, type ServerDims } from './costRuns';

const FORMATS: WireProvider[] = ['openai', 'gemini', 'anthropic'];
/** Each sampling mode, then each with the providers' prompt caches emulated (promptCache.ts). */
const VARIANTS: { mode: SamplingMode; cache: boolean }[] = [
  { mode: 'separate', cache: false }, { mode: 'batched', cache: false }, { mode: 'after_first', cache: false },
  { mode: 'separate', cache: true }, { mode: 'batched', cache: true }, { mode: 'after_first', cache: true },
];
const variantName = (v: { mode: SamplingMode; cache: boolean }): string => v.mode + (v.cache ? '+cache' : '');
function listArg<T extends string>(flag: string, value: string | undefined, known: readonly T[], fallback: readonly T[]): T[] {
  if (value === undefined) return [...fallback];
  const out = value.split(',').map((v) => v.trim());
  for (const v of out) if (!known.includes(v as T)) usage(`--${flag}: unknown ${JSON.stringify(v)} (one of ${known.join(', ')})`);
  return out as T[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string' }, tasks: { type: 'string' }, disks: { type: 'string' }, 'error-rate': { type: 'string' }, seed: { type: 'string' },
      repos: { type: 'string' }, formats: { type: 'string' }, modes: { type: 'string' }, 'by-role': { type: 'boolean' },
    },
  });
  const repeat = Number(values.repeat ?? 3);
  const disks = Number(values.disks ?? 10);
  const errorRate = Number(values['error-rate'] ?? 0.01);
  const seed = Number(values.seed ?? 1);
  if (!(Number.isInteger(repeat) && repeat >= 1)) usage(`--repeat: a whole number of seeds per cell, at least 1, got ${values.repeat}`);
  if (!(Number.isInteger(disks) && disks >= 0)) usage(`--disks: a whole number (0: no Hanoi chain), got ${values.disks}`);
  const ids = (values.tasks ?? 'js-slugify,py-chunks').split(',').filter(Boolean);
  const tasks = ids.map((id) => CODE_TASKS.find((t) => t.id === id) ?? usage(`--tasks: unknown task ${id}`));
  const repos = listArg('repos', values.repos, REPO_SHAPES, REPO_SHAPES);
  const formats = listArg('formats', values.formats, FORMATS, FORMATS);
  const names = VARIANTS.map(variantName);
  const wanted = new Set(listArg('modes', values.modes, names, names));
  const t0 = performance.now();
  const rows: Row[] = [];
  const jobs: { task: string; run: (format: WireProvider, mode: SamplingMode, seed: number, dims: ServerDims) => Promise<Measure> }[] = [
    ...(disks > 0 ? [{ task: `hanoi-${disks}`, run: (f: WireProvider, m: SamplingMode, s: number, dims: ServerDims) => hanoi(f, m, { disks, errorRate, seed: s }, dims) }] : []),
    ...repos.flatMap((shape) => tasks.map((t) => ({ task: `${shape}:${t.id}`, run: (f: WireProvider, m: SamplingMode, s: number, dims: ServerDims) => code(f, m, t, shape, s, dims) }))),
  ];
  let done = 0;
  for (const job of jobs) {
    for (const format of formats) {
      // Each seed's separate run (no cache) is the baseline of that seed's other runs: always drawn.
      let base: Measure[] | undefined;
      for (const v of VARIANTS) {
        // Anthropic has no n-sampling: its batched/after_first rows would repeat separate's.
        if (format === 'anthropic' && v.mode !== 'separate') continue;
        const isBase = v.mode === 'separate' && !v.cache;
        if (!isBase && !wanted.has(variantName(v))) continue;
        const runs: Measure[] = [];
        for (let r = 0; r < repeat; r++) {
          runs.push(await job.run(format, v.mode, seed + r, v.cache ? { promptCache: true } : {}));
          process.stderr.write(`\r${++done} runs`);
        }
        base ??= runs;
        const ratios = runs.map((m, i) => usdPerVote(m) / usdPerVote(base![i]));
        if (wanted.has(variantName(v))) rows.push({ format, task: job.task, mode: v.mode, cache: v.cache, runs, ratios });
      }
    }
  }
  process.stderr.write('\n');
  const wallS = (performance.now() - t0) / 1000;
  console.log(`cost per voted step by sampling mode (k=3 Hanoi at error rate ${errorRate}; code: shipped code domain, noisy-coder P=0.5 Q=0.8, tokens = chars/4), $${PRICE.input}/$${PRICE.output} per M tokens, median of ${repeat} seeds, spread = min–max of the per-seed ratios`);
  printRows(rows);
  if (values['by-role']) printRoles(rows.filter((r) => r.runs.some((m) => m.roles)));
  console.log(`${done} runs in ${wallS.toFixed(0)} s`);
  console.log(JSON.stringify({ bench: 'cost', disks, error_rate: errorRate, tasks: ids, repos, repeat, seed, price: PRICE, wall_s: Math.round(wallS), rows: jsonRows(rows) }));
}

/** A bad flag: one line naming it, exit 2, before any run. */
function usage(message: string): never {
  console.error(`bench:cost: ${message}`);
  process.exit(2);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
