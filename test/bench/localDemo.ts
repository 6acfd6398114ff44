// The real-model demo (R2.6): the committed tiny model solves Towers of Hanoi on the local
// provider, over seeded runs, at k = 1 (no voting to speak of), k = 2 (k_min by `plan --estimate`
// at 6 disks) and k = 3 (the shipped domain's). Prints the solved counts per k as a table, why
// each unsolved run failed, and one JSON line.
//   npm run demo:local [-- --disks 6 --seeds 20 --k 1,2,3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRun } from '../../src/app/session';
import { replaySession } from '../../src/app/hanoiCheck';
import { openStore } from '../../src/store';
import type { RunResult } from '../../src/engine/runner';
import type { SessionMetrics } from '../../src/engine/model';
import { REPO_ROOT } from '../support/codeDomain';

export interface DemoRow {
  k: number;
  runs: number;
  solved: number;
  samplesPerRun: number;
  wallMsPerRun: number;
  /** Why each unsolved run was not solved: "seed 4: paused (resample_budget) at step 12 of 63". */
  unsolved: string[];
}

export async function localDemo(o: { disks: number; seeds: number; ks: number[] }): Promise<DemoRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-local-demo-'));
  const store = await openStore(join(dir, 'sessions.sqlite3'));
  const rows: DemoRow[] = [];
  try {
    for (const k of o.ks) {
      let solved = 0;
      let samples = 0;
      const unsolved: string[] = [];
      const t0 = performance.now();
      for (let seed = 1; seed <= o.seeds; seed++) {
        const run = await startRun({ prompt: '', domain: 'hanoi-compact', disks: o.disks, k, seed, maxConcurrentLlm: 4 }, { store, resourceRoot: REPO_ROOT });
        const out = await run.done;
        const session = store.getSession(run.sessionId)!;
        samples += session.metrics.samples;
        // Solved means the independent replay says so: a completed run can still end unsolved.
        if (out.status === 'completed' && replaySession(store, session).solved) solved++;
        else unsolved.push(`seed ${seed}: ${whyUnsolved(out, session.metrics)}`);
      }
      rows.push({ k, runs: o.seeds, solved, samplesPerRun: samples / o.seeds, wallMsPerRun: (performance.now() - t0) / o.seeds, unsolved });
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function whyUnsolved(out: RunResult, m: SessionMetrics): string {
  if (out.status === 'completed') return 'completed, but the replay found a wrong move';
  if (out.status === 'paused') return `paused (${out.waitState?.trigger ?? 'no trigger'}) at step ${m.stepsCompleted + 1} of ${m.stepsTotal}`;
  return `${out.status}${out.error ? ` (${out.error})` : ''} after ${m.stepsCompleted} of ${m.stepsTotal} steps`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { disks: { type: 'string' }, seeds: { type: 'string' }, k: { type: 'string' } } });
  const disks = Number(values.disks ?? 6);
  const seeds = Number(values.seeds ?? 20);
  const ks = (values.k ?? '1,2,3').split(',').map(Number);
  const rows = await localDemo({ disks, seeds, ks });
  console.log(`local model (models/hanoi-tiny.gguf), hanoi-compact, ${disks} disks, seeds 1-${seeds}`);
  console.log('k   solved   samples/run   s/run');
  for (const r of rows) console.log(`${String(r.k).padEnd(4)}${`${r.solved}/${r.runs}`.padEnd(9)}${r.samplesPerRun.toFixed(0).padEnd(14)}${(r.wallMsPerRun / 1000).toFixed(1)}`);
  for (const r of rows) for (const u of r.unsolved) console.log(`k = ${r.k}, ${u}`);
  console.log(JSON.stringify({ bench: 'local-demo', disks, seeds, rows }));
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
