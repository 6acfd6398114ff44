// One benchmark run through the same code path as `microfactory run`: startRun (config, LLM
// router with the simulated model, Runner, chain flow) over a real sql.js store opened at a
// temporary MICROFACTORY_HOME, durability on. The store is wrapped in a probe (probe.ts) only to
// read its checkpoint counters and the RSS as the run goes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resourceRootFrom, startRun } from '../app/session';
import type { SessionMetrics } from '../engine/model';
import { silentLogger } from '../engine/ports';
import { defaultStorePath, openStore, type SqlSessionStore } from '../store';
import { ProbedStore, type CheckpointEvent } from './probe';
import { vmHwmBytes } from './report';
import { verifySession, type Verified } from './verify';

export interface EngineRunOptions {
  disks: number;
  errorRate: number;
  seed: number;
  k: number;
  latencyMs: number;
  maxConcurrentLlm: number;
  /** Keep the store folder (for inspection) instead of deleting it. */
  keep?: boolean;
}

export interface EngineRunResult {
  status: string;
  error?: string;
  metrics: SessionMetrics;
  wallMs: number;
  cpuMs: number;
  /** Plain data (a run may happen in a child process and come back as JSON). */
  checkpoints: CheckpointEvent[];
  peakRss: number;
  /** Peak RSS of the whole process (Linux VmHWM), null elsewhere. */
  vmHwm: number | null;
  verified: Verified;
  storeBytes: { db: number; segments: number; journals: number; total: number };
  finalCheckpointMs: number;
  home: string;
}

export async function runEngine(o: EngineRunOptions): Promise<EngineRunResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-bench-'));
  const previousHome = process.env.MICROFACTORY_HOME;
  process.env.MICROFACTORY_HOME = home;
  let store: SqlSessionStore | undefined;
  try {
    store = await openStore(defaultStorePath(), { log: silentLogger });
    const probe = new ProbedStore(store);
    probe.mark();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const handle = await startRun(
      {
        prompt: `Solve Towers of Hanoi with ${o.disks} disks`, domain: 'hanoi', provider: 'simulated', disks: o.disks, errorRate: o.errorRate, seed: o.seed,
        k: o.k, latencyMs: o.latencyMs || undefined, maxConcurrentLlm: o.maxConcurrentLlm,
      },
      { store: probe, resourceRoot: resourceRootFrom(__dirname), log: silentLogger },
    );
    const outcome = await handle.done;
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(cpu0);
    probe.mark();
    const before = store.stats();
    const session = store.getSession(outcome.sessionId)!;
    const storeBytes = sizeOnDisk(home);
    const verified = verifySession(store, outcome.sessionId, o.disks);
    return {
      status: outcome.status, error: outcome.error, metrics: session.metrics, wallMs, cpuMs: (c.user + c.system) / 1000,
      checkpoints: probe.checkpoints, peakRss: probe.peakRss, vmHwm: vmHwmBytes(), verified, storeBytes, finalCheckpointMs: before.lastCheckpointMs, home,
    };
  } finally {
    await store?.close();
    if (previousHome === undefined) delete process.env.MICROFACTORY_HOME;
    else process.env.MICROFACTORY_HOME = previousHome;
    if (!o.keep) fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Bytes the store holds on disk: the main DB, its sealed segment files and any journals. */
export function sizeOnDisk(home: string): { db: number; segments: number; journals: number; total: number } {
  const out = { db: 0, segments: 0, journals: 0, total: 0 };
  const walk = (dir: string, kind: 'db' | 'segments' | 'journals' | undefined): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p, e.name.endsWith('.segments') ? 'segments' : kind);
        continue;
      }
      const bytes = fs.statSync(p).size;
      const k = kind ?? (e.name.includes('.journal-') ? 'journals' : e.name.endsWith('.sqlite3') ? 'db' : undefined);
      if (k) out[k] += bytes;
      out.total += bytes;
    }
  };
  walk(home, undefined);
  return out;
}
