// The code benchmark (issue 15): the corpus in code-tasks/, run through the shipped `code`
// domain with the seeded noisy-coder model, each task judged fixed by its own test afterwards.
// Three setups at P (solver right) and Q (judge right): the shipped domain, a single sample
// (k 1, 1 sample for every role, no verifier retry), and the single sample with 3 verifier
// retries; then the fixed share over a range of P, to show where voting pays.
//   npm run bench:code [-- --p 0.5 --q 0.8 --curve 0.3,0.5,0.7,0.9 --tasks id,id --quick --concurrency 2 --seed 1 --show-prompts]
// It lives in test/bench beside bench:http: it needs the corpus and the task repositories,
// which are test material, and it drives the app layer as the CLI does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_TASKS, knownFixesOf } from './code-tasks';
import type { CodeTask } from './code-tasks/task';
import { runTask, SETUPS, writeKnownFixes, type Setup } from './codeRun';
import { curveTable, outcomeTable, totals, type Totals } from './codeReport';

/** --quick: four tasks per language, one of them a two-file fix, at the main P only. */
const QUICK = ['js-range-inclusive', 'js-load-config', 'js-slugify', 'js-cart-tax', 'py-chunks', 'py-tags', 'py-async-save', 'py-meetings'];

interface Job {
  task: CodeTask;
  setup: Setup;
  p: number;
}

async function pool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  return out;
}

function rates(list: string | undefined, flag: string): number[] {
  const xs = (list ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
  for (const x of xs) if (!(x >= 0 && x <= 1)) throw new Error(`--${flag}: every value must be between 0 and 1, got '${list}'`);
  return xs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      p: { type: 'string' }, q: { type: 'string' }, curve: { type: 'string' }, tasks: { type: 'string' }, quick: { type: 'boolean' },
      concurrency: { type: 'string' }, seed: { type: 'string' }, 'show-prompts': { type: 'boolean' },
    },
  });
  const [p] = rates(values.p ?? '0.5', 'p');
  const [q] = rates(values.q ?? '0.8', 'q');
  const curve = values.quick ? [] : rates(values.curve ?? '0.3,0.5,0.7,0.9', 'curve');
  const seed = Number(values.seed ?? 1);
  const width = Number(values.concurrency ?? 2);
  const wanted = values.tasks ? values.tasks.split(',') : values.quick ? QUICK : undefined;
  const unknown = (wanted ?? []).filter((id) => !CODE_TASKS.some((t) => t.id === id));
  if (unknown.length > 0) throw new Error(`--tasks: unknown task ${unknown.join(', ')}; known: ${CODE_TASKS.map((t) => t.id).join(', ')}`);
  const tasks = CODE_TASKS.filter((t) => !wanted || wanted.includes(t.id));

  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-code-'));
  try {
    const knownFixesPath = writeKnownFixes(dir, knownFixesOf(CODE_TASKS));
    const setups = [SETUPS.shipped, SETUPS.single, SETUPS.retries];
    const ps = [p, ...curve.filter((x) => x !== p)];
    const jobs: Job[] = ps.flatMap((pp) => tasks.flatMap((task) => setups.map((setup) => ({ task, setup, p: pp }))));
    const t0 = performance.now();
    let done = 0;
    const results = await pool(jobs, width, async (job) => {
      const keepPrompts = values['show-prompts'] === true && job.task === tasks[0] && job.setup === SETUPS.shipped && job.p === p;
      const o = await runTask(job.task, job.setup, { knownFixesPath, fixRate: job.p, judgeRate: q, seed, keepPrompts });
      process.stderr.write(`\r${++done}/${jobs.length} runs`);
      return { ...o, p: job.p };
    });
    process.stderr.write('\n');
    const wallS = (performance.now() - t0) / 1000;

    const main = results.filter((r) => r.p === p);
    console.log(`code benchmark: ${tasks.length} tasks (${tasks.filter((t) => t.lang === 'js').length} JS, ${tasks.filter((t) => t.lang === 'py').length} Python), noisy-coder P=${p} Q=${q} seed ${seed}`);
    console.log(outcomeTable(main, setups.map((s) => s.name)));
    const bySetup: Record<string, Totals> = Object.fromEntries(setups.map((s) => [s.name, totals(main.filter((r) => r.setup === s.name))]));
    const pauses = main.filter((r) => r.pause);
    if (pauses.length > 0) {
      console.log('\npauses and failures (task, setup: cause):');
      for (const r of pauses) console.log(`  ${r.task}, ${r.setup}${r.unexplained ? ' [NO ACTIONABLE CAUSE]' : ''}: ${r.pause!.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    const curvePoints = ps.slice().sort((a, b) => a - b).map((pp) => ({
      p: pp,
      ...Object.fromEntries(setups.map((s) => [s.name, totals(results.filter((r) => r.p === pp && r.setup === s.name)).fixedShare])),
    }));
    if (curve.length > 0) console.log(`\nfixed share over P (Q=${q}):\n${curveTable(curvePoints, setups.map((s) => s.name))}`);
    console.log(`\n${results.length} runs in ${wallS.toFixed(0)} s (concurrency ${width})`);
    const shown = main.find((r) => r.prompts);
    if (shown?.prompts) {
      for (const [role, prompt] of Object.entries(shown.prompts)) console.log(`\n--- first ${role} prompt of ${shown.task} (shipped) ---\n${prompt}`);
    }
    console.log(JSON.stringify({
      bench: 'code', tasks: tasks.length, p, q, seed, setups: bySetup, curve: curvePoints, wall_s: Math.round(wallS),
      per_task: main.map(({ prompts: _p, ...r }) => ({ ...r, wallMs: Math.round(r.wallMs) })),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
