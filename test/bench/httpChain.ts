// Throughput over real HTTP (R1.2): a 6-disk Hanoi chain, k = 3, through the openai SDK against
// a local server that answers after 50 ms, with --max-concurrent-llm 8. Prints wall time
// against the ideal (steps x rounds x latency: every round's draws in parallel, nothing else)
// and requests per second, as medians over --repeat runs.
//   npm run bench:http [-- --disks 6 --latency-ms 50 --concurrency 8 --error-rate 0.01 --repeat 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRun } from '../../src/app/session';
import { openStore } from '../../src/store';
import { REPO_ROOT } from '../support/codeDomain';
import { startHanoiServer } from '../support/hanoiServer';

async function once(disks: number, latencyMs: number, concurrency: number, errorRate: number, seed: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-http-'));
  const server = await startHanoiServer({ errorRate, seed, latencyMs, record: false });
  const store = await openStore(join(dir, 'sessions.sqlite3'));
  try {
    let rounds = 0;
    const t0 = performance.now();
    const run = await startRun(
      { prompt: 'bench', domain: 'hanoi', disks, provider: 'openai-compatible', baseUrl: server.baseUrl('openai'), apiKey: 'bench', maxConcurrentLlm: concurrency },
      { store, resourceRoot: REPO_ROOT, onEvent: (e) => e.type === 'step_completed' && (rounds += e.step.metrics.tally?.rounds ?? 0) },
    );
    const out = await run.done;
    const wallMs = performance.now() - t0;
    if (out.status !== 'completed') throw new Error(`run ended ${out.status}: ${out.error ?? JSON.stringify(out.waitState)}`);
    const steps = 2 ** disks - 1;
    const ideal = rounds * latencyMs;
    return { steps, requests: server.total, rounds, wallMs, idealMs: ideal, ratio: wallMs / ideal, rps: server.total / (wallMs / 1000), maxInFlight: server.maxInFlight };
  } finally {
    await store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const { values } = parseArgs({ options: { disks: { type: 'string' }, 'latency-ms': { type: 'string' }, concurrency: { type: 'string' }, 'error-rate': { type: 'string' }, repeat: { type: 'string' } } });
  const disks = Number(values.disks ?? 6);
  const latency = Number(values['latency-ms'] ?? 50);
  const conc = Number(values.concurrency ?? 8);
  const err = Number(values['error-rate'] ?? 0.01);
  // One small warm-up run, so module loading and JIT warm-up are not billed to the first measurement.
  await once(3, 1, conc, 0, 1);
  const runs = [];
  for (let i = 0; i < Number(values.repeat ?? 3); i++) runs.push(await once(disks, latency, conc, err, 100 + i));
  const m = {
    disks, steps: runs[0].steps, latency_ms: latency, max_concurrent_llm: conc, error_rate: err, runs: runs.length,
    requests: median(runs.map((r) => r.requests)), rounds: median(runs.map((r) => r.rounds)),
    wall_ms: Math.round(median(runs.map((r) => r.wallMs))), ideal_ms: Math.round(median(runs.map((r) => r.idealMs))),
    wall_over_ideal: +median(runs.map((r) => r.ratio)).toFixed(3), requests_per_s: +median(runs.map((r) => r.rps)).toFixed(1),
    max_in_flight: Math.max(...runs.map((r) => r.maxInFlight)),
  };
  console.log(`hanoi ${disks} disks over HTTP (openai SDK -> local server, ${latency} ms per answer, --max-concurrent-llm ${conc}, k=3), median of ${runs.length}`);
  console.log(`  steps ${m.steps}   requests ${m.requests}   race rounds ${m.rounds}`);
  console.log(`  wall ${m.wall_ms} ms   ideal (rounds x ${latency} ms) ${m.ideal_ms} ms   wall/ideal ${m.wall_over_ideal}`);
  console.log(`  ${m.requests_per_s} requests/s   most requests in flight ${m.max_in_flight}`);
  console.log(JSON.stringify(m));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
