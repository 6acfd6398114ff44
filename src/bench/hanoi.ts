// `npm run bench:hanoi`: the paper's headline run, 20 disks (1,048,575 steps) at the
// gpt-4.1-mini error rate, through the same code path as `microfactory run` (engine, race, red
// flags, router, sql.js store with durability on), checked by an independent replay, and timed
// against the paper's Fig. 2 written plainly (bare.ts). Prints a table and one JSON line.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { resourceRootFrom } from '../app/session';
import { getDomain, loadConfig } from '../config/load';
import { expectedVotesPerStep, kMin, pSub } from '../engine/planner';
import { SimulatedClient } from '../llm/simulated';
import { BENCH_HELP, parseBenchArgs, type BenchArgs } from './args';
import { bareSolve, type BareResult } from './bare';
import { runInChild } from './child';
import { runEngine, type EngineRunResult } from './engineRun';
import { checkpointWindow } from './probe';
import { fmt, mb, median, round, table, verdict, type Figures } from './report';

async function main(argv: string[]): Promise<number> {
  const args = parseBenchArgs(argv);
  if (args === 'help') {
    process.stdout.write(BENCH_HELP + '\n');
    return 0;
  }
  const steps = 2 ** args.disks - 1;
  const p = 1 - args.errorRate;
  const k = args.k ?? kMin(p, steps, args.target);
  if (!Number.isFinite(k)) throw new Error(`error rate ${args.errorRate} leaves p <= 0.5: no k converges`);
  if (args.child) {
    const result = args.child === 'bare' ? await timedBare(args, k) : await runEngine({ ...args, k });
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const childArgv = argv.filter((a) => a !== '--json-only' && a !== '--trace');
  const say = (s: string) => args.jsonOnly || process.stderr.write(s + '\n');
  say(`bench: ${args.disks} disks (${steps.toLocaleString('en-US')} steps), error rate ${args.errorRate}, k = ${k}${args.k ? '' : ` (k_min for t = ${args.target})`}, seed ${args.seed}` +
    (args.latencyMs ? `, latency ${args.latencyMs} ms, ${args.maxConcurrentLlm} concurrent` : ''));

  // Other work on the machine slows both loops unevenly: record the load the figures were taken under.
  const loadBefore = loadavg()[0];
  const engines: EngineRunResult[] = [];
  const bares: { r: BareResult; cpuMs: number }[] = [];
  for (let i = 0; i < args.repeat; i++) {
    // Every run in its own fresh process (child.ts), bare and engine taking turns, so that a
    // slow spell of the shared machine hits both about equally.
    if (args.bare && !args.latencyMs) {
      say(`bare loop ${i + 1}/${args.repeat} ...`);
      bares.push(await runInChild<{ r: BareResult; cpuMs: number }>('bare', childArgv));
      say(`  ${(bares[bares.length - 1].r.ms / 1000).toFixed(1)} s`);
    }
    say(`engine run ${i + 1}/${args.repeat} ...`);
    engines.push(await runInChild<EngineRunResult>('engine', childArgv));
    const e = engines[engines.length - 1];
    say(`  ${e.status} in ${(e.wallMs / 1000).toFixed(1)} s (${fmt((e.wallMs * 1000) / e.metrics.samples)} µs per sample)`);
    if (args.keep) say(`  store kept in ${e.home}`);
    if (args.trace) {
      for (const c of e.checkpoints) {
        say(`  checkpoint at step ${fmt(c.atStep)}: ${fmt(c.steps)} steps, ${fmt(c.ms, 1)} ms (CPU ${fmt(c.cpuMs, 1)}), DB ${fmt(c.bytes / 1024, 0)} KiB`);
      }
    }
  }
  const figures: Figures = { ...summarize(args, k, steps, engines, bares), load_avg_start: round(loadBefore, 2), load_avg_end: round(loadavg()[0], 2), cpus: cpus().length };
  if (!args.jsonOnly) process.stdout.write(render(figures) + '\n');
  process.stdout.write(JSON.stringify(figures) + '\n');
  return figures.illegal === 0 && figures.solved === true ? 0 : 1;
}

async function timedBare(args: BenchArgs, k: number): Promise<{ r: BareResult; cpuMs: number }> {
  const agent = getDomain(loadConfig(join(resourceRootFrom(__dirname), 'config.yaml')), 'hanoi').agents.solver!;
  const client = new SimulatedClient({ errorRate: args.errorRate, seed: args.seed });
  const c0 = process.cpuUsage();
  const r = await bareSolve(client, agent, args.disks, k);
  const c = process.cpuUsage(c0);
  return { r, cpuMs: (c.user + c.system) / 1000 };
}

function summarize(args: BenchArgs, k: number, steps: number, engines: EngineRunResult[], bares: { r: BareResult; cpuMs: number }[]): Figures {
  const e = engines[engines.length - 1];
  const m = e.metrics;
  const p = 1 - args.errorRate;
  const valid = m.samples > 0 ? 1 - m.redFlags / m.samples : 1;
  const theory = expectedVotesPerStep(p, k) / valid;
  const perStep = m.samples / Math.max(1, m.stepsCompleted);
  const engineWall = median(engines.map((x) => x.wallMs));
  const engineCpu = median(engines.map((x) => x.cpuMs));
  const bareWall = bares.length ? median(bares.map((b) => b.r.ms)) : null;
  const bareCpu = bares.length ? median(bares.map((b) => b.cpuMs)) : null;
  const bareSamples = bares.length ? bares[bares.length - 1].r.samples : null;
  // Checkpoint cost per 10k steps over the first and the last tenth of the run (at least 10k
  // steps each, whole checkpoints), excluding the final flush that seals the finished session.
  // The start skips the very first checkpoint: it runs cold (JIT, first sql.js export) and costs
  // 2-3 times a later one, which would flatter the ratio.
  const done = m.stepsCompleted;
  const w = Math.min(Math.max(10_000, Math.round(done / 10)), Math.floor(done / 2));
  const events = e.checkpoints;
  const startW = checkpointWindow(events, 'start', w, 1);
  const endW = checkpointWindow(events, 'end', w);
  const start = startW?.msPer10k ?? null;
  const end = endW?.msPer10k ?? null;
  const startCpu = startW?.cpuMsPer10k ?? null;
  const endCpu = endW?.cpuMsPer10k ?? null;
  const sizes = events.map((c) => c.bytes);
  const meanRounds = e.verified.rounds / Math.max(1, e.verified.steps);
  const latencyBound = args.latencyMs ? steps * args.latencyMs * meanRounds : null;
  return {
    disks: args.disks, steps_total: steps, steps: done, k, error_rate: args.errorRate, seed: args.seed, status: e.status,
    samples: m.samples, samples_per_step: round(perStep, 5), theory_samples_per_step: round(theory, 5),
    deviation_pct: round(((perStep - theory) / theory) * 100, 3), p_sub: pSub(p, k), red_flags: m.redFlags, valid_rate: round(valid, 6),
    max_votes_per_step: m.maxVotesPerStep, mean_rounds_per_step: round(meanRounds, 5), contested_steps: e.verified.contested,
    checked_moves: e.verified.moves, illegal: e.verified.illegal, solved: e.verified.solved, check_read_s: round(e.verified.readMs / 1000, 2),
    wall_s: round(engineWall / 1000, 2), cpu_s: round(engineCpu / 1000, 2),
    us_per_sample: round((engineWall * 1000) / m.samples, 2), us_per_sample_cpu: round((engineCpu * 1000) / m.samples, 2),
    bare_wall_s: bareWall === null ? null : round(bareWall / 1000, 2),
    bare_us_per_sample: bareWall === null || !bareSamples ? null : round((bareWall * 1000) / bareSamples, 2),
    bare_samples: bareSamples,
    engine_bare_ratio: bareWall === null ? null : round(engineWall / bareWall, 2),
    engine_bare_ratio_cpu: bareCpu === null ? null : round(engineCpu / bareCpu, 2),
    // Each repetition's own ratio (its engine run over the bare loop run just before it).
    engine_bare_ratios: bares.length === engines.length && bares.length ? engines.map((x, i) => (x.wallMs / bares[i].r.ms).toFixed(2)).join(', ') : null,
    repeat: args.repeat,
    peak_rss_mb: mb(Math.max(...engines.map((x) => x.peakRss))), vmhwm_mb: mb(Math.max(...engines.map((x) => x.vmHwm ?? 0)) || null),
    store_mb: mb(e.storeBytes.total), store_db_mb: mb(e.storeBytes.db), store_segments_mb: mb(e.storeBytes.segments), store_journals_mb: mb(e.storeBytes.journals),
    checkpoints: events.length, checkpoint_window_steps: w,
    checkpoint_windows: startW && endW ? `${startW.checkpoints} checkpoints / ${startW.steps} steps -> ${endW.checkpoints} / ${endW.steps}` : null,
    main_db_kib_first: sizes.length ? round(sizes[0] / 1024, 0) : null, main_db_kib_last: sizes.length ? round(sizes[sizes.length - 1] / 1024, 0) : null,
    checkpoint_ms_per_10k_start: round(start, 1), checkpoint_ms_per_10k_end: round(end, 1), checkpoint_end_start_ratio: start && end !== null ? round(end / start, 2) : null,
    checkpoint_cpu_ms_per_10k_start: round(startCpu, 1), checkpoint_cpu_ms_per_10k_end: round(endCpu, 1),
    checkpoint_cpu_end_start_ratio: startCpu && endCpu !== null ? round(endCpu / startCpu, 2) : null,
    final_checkpoint_ms: round(e.finalCheckpointMs, 1),
    latency_ms: args.latencyMs, max_concurrent_llm: args.maxConcurrentLlm,
    latency_bound_s: latencyBound === null ? null : round((1.1 * latencyBound) / 1000, 2),
    latency_ratio: latencyBound === null ? null : round(engineWall / latencyBound, 3),
    node: process.version,
  };
}

function render(f: Figures): string {
  const n = (key: string) => f[key] as number | null;
  const rows: [string, string, string?][] = [
    ['steps', `${fmt(n('steps'))} / ${fmt(n('steps_total'))}`, `${f.status}, ${f.disks} disks, k = ${f.k}, error rate ${f.error_rate}, seed ${f.seed}`],
    ['independent check', `${fmt(n('illegal'))} illegal`, `${fmt(n('checked_moves'))} moves replayed, ${f.solved ? 'solved' : 'NOT solved'}  ${verdict(f.illegal === 0 && f.solved === true)}`],
    ['samples', fmt(n('samples'))],
    ['samples per step', fmt(n('samples_per_step'), 5), `theory ${fmt(n('theory_samples_per_step'), 5)}, deviation ${fmt(n('deviation_pct'), 3)} %  ${verdict(Math.abs(n('deviation_pct') ?? 99) <= 1)}`],
    ['red flags', fmt(n('red_flags')), `valid-sample rate ${f.valid_rate}`],
    ['most votes in one step', fmt(n('max_votes_per_step')), `mean rounds per step ${fmt(n('mean_rounds_per_step'), 5)}, ${fmt(n('contested_steps'))} contested steps`],
    ['wall time', `${fmt(n('wall_s'))} s`, `CPU ${fmt(n('cpu_s'))} s${n('repeat')! > 1 ? ` (medians of ${f.repeat})` : ''}`],
    ['µs per sample', fmt(n('us_per_sample')), `CPU ${fmt(n('us_per_sample_cpu'))}`],
  ];
  if (f.bare_wall_s !== null) {
    rows.push(['bare Fig. 2 loop', `${fmt(n('bare_wall_s'))} s`, `${fmt(n('bare_us_per_sample'))} µs per sample, ${fmt(n('bare_samples'))} samples`]);
    rows.push(['engine / bare', fmt(n('engine_bare_ratio')), `CPU ${fmt(n('engine_bare_ratio_cpu'))}  target <= 3  ${verdict((n('engine_bare_ratio') ?? 99) <= 3)}`]);
    if (n('repeat')! > 1) rows.push(['  each repetition', String(f.engine_bare_ratios), 'engine run / the bare loop run before it (each in a fresh process)']);
  }
  rows.push(
    ['peak RSS', `${fmt(n('peak_rss_mb'))} MB`, `VmHWM ${fmt(n('vmhwm_mb'))} MB (whole process)  target <= 1024  ${verdict((n('vmhwm_mb') ?? n('peak_rss_mb') ?? 0) <= 1024)}`],
    ['main DB per checkpoint', `${fmt(n('main_db_kib_first'))} -> ${fmt(n('main_db_kib_last'))} KiB`, 'first -> last checkpoint of the run: what each one exports'],
    ['store on disk', `${fmt(n('store_mb'))} MB`, `db ${fmt(n('store_db_mb'))} + segments ${fmt(n('store_segments_mb'))} + journals ${fmt(n('store_journals_mb'))}`],
    ['checkpoint ms / 10k steps', `${fmt(n('checkpoint_ms_per_10k_start'), 1)} -> ${fmt(n('checkpoint_ms_per_10k_end'), 1)}`,
      `start -> end (>= ${fmt(n('checkpoint_window_steps'))} steps each: ${f.checkpoint_windows}), ratio ${fmt(n('checkpoint_end_start_ratio'))}  target <= 1.5  ${verdict(n('checkpoint_end_start_ratio') === null ? null : n('checkpoint_end_start_ratio')! <= 1.5)}`],
    ['  (CPU)', `${fmt(n('checkpoint_cpu_ms_per_10k_start'), 1)} -> ${fmt(n('checkpoint_cpu_ms_per_10k_end'), 1)}`, `ratio ${fmt(n('checkpoint_cpu_end_start_ratio'))}; ${fmt(n('checkpoints'))} checkpoints, final one ${fmt(n('final_checkpoint_ms'), 1)} ms`],
    ['machine load (1 min)', `${fmt(n('load_avg_start'))} -> ${fmt(n('load_avg_end'))}`, `on ${f.cpus} CPUs, Node ${f.node}`],
  );
  if (f.latency_ratio !== null) {
    rows.push(['latency mode', `${fmt(n('wall_s'))} s`, `bound 1.1 × steps × ${f.latency_ms} ms × mean rounds = ${fmt(n('latency_bound_s'))} s`]);
    rows.push(['  wall / (steps × latency × rounds)', fmt(n('latency_ratio'), 3), `target <= 1.1  ${verdict((n('latency_ratio') ?? 99) <= 1.1)}`]);
  }
  return table(rows);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
