// The real-model demo (R2.6): the committed tiny model solves Towers of Hanoi on the local
// provider, over seeded runs, at k = 1 (no voting to speak of) and at k_min. Prints the solved
// counts per k as a table and one JSON line.
//   npm run demo:local [-- --disks 6 --seeds 20 --k 1,3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRun } from '../../src/app/session';
import { replaySession } from '../../src/app/hanoiCheck';
import { openStore } from '../../src/store';
import { REPO_ROOT } from '../support/codeDomain';

export interface DemoRow {
  k: number;
  runs: number;
  solved: number;
  samplesPerRun: number;
  wallMsPerRun: number;
}

export async function localDemo(o: { disks: number; seeds: number; ks: number[] }): Promise<DemoRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-local-demo-'));
  const store = await openStore(join(dir, 'sessions.sqlite3'));
  const rows: DemoRow[] = [];
  try {
    for (const k of o.ks) {
      let solved = 0;
      let samples = 0;
      const t0 = performance.now();
      for (let seed = 1; seed <= o.seeds; seed++) {
        const run = await startRun({ prompt: '', domain: 'hanoi-compact', disks: o.disks, k, seed, maxConcurrentLlm: 4 }, { store, resourceRoot: REPO_ROOT });
        const out = await run.done;
        const session = store.getSession(run.sessionId)!;
        samples += session.metrics.samples;
        // Solved means the independent replay says so: a completed run can still end unsolved.
        if (out.status === 'completed' && replaySession(store, session).solved) solved++;
      }
      rows.push({ k, runs: o.seeds, solved, samplesPerRun: samples / o.seeds, wallMsPerRun: (performance.now() - t0) / o.seeds });
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { disks: { type: 'string' }, seeds: { type: 'string' }, k: { type: 'string' } } });
  const disks = Number(values.disks ?? 6);
  const seeds = Number(values.seeds ?? 20);
  const ks = (values.k ?? '1,3').split(',').map(Number);
  const rows = await localDemo({ disks, seeds, ks });
  console.log(`local model (models/hanoi-tiny.gguf), hanoi-compact, ${disks} disks, seeds 1-${seeds}`);
  console.log('k   solved   samples/run   s/run');
  for (const r of rows) console.log(`${String(r.k).padEnd(4)}${`${r.solved}/${r.runs}`.padEnd(9)}${r.samplesPerRun.toFixed(0).padEnd(14)}${(r.wallMsPerRun / 1000).toFixed(1)}`);
  console.log(JSON.stringify({ bench: 'local-demo', disks, seeds, rows }));
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
