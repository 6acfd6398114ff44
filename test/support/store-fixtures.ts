// Builders and temp folders for the session store tests.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SampleRecord, SessionRecord, StepRecord } from '../../src/engine/model';
import { emptySessionMetrics, emptyStepMetrics } from '../../src/engine/model';
import { openStore, type SqlSessionStore } from '../../src/store';

export function tmpStoreFile(prefix = 'mf-store-'): { dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, file: path.join(dir, 'sessions.sqlite3'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Mocha hooks: a store on a new file before each test (handed to `use`), closed and removed after it. */
export function storePerTest(prefix: string, use: (store: SqlSessionStore) => void): void {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let store: SqlSessionStore;
  beforeEach(async () => {
    tmp = tmpStoreFile(prefix);
    store = await openStore(tmp.file);
    use(store);
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });
}

/**
 * Mocha hooks: two store instances on one new file before each test (handed to `use`), closed
 * and removed after it. Two instances in one process behave like two processes (separate
 * journals, one lock file), which makes cross-process merges deterministic to test.
 */
export function twoWritersPerTest(
  opts: Parameters<typeof openStore>[1],
  use: (w: { tmp: ReturnType<typeof tmpStoreFile>; a: SqlSessionStore; b: SqlSessionStore }) => void,
): void {
  let w: { tmp: ReturnType<typeof tmpStoreFile>; a: SqlSessionStore; b: SqlSessionStore };
  beforeEach(async () => {
    const tmp = tmpStoreFile();
    w = { tmp, a: await openStore(tmp.file, opts), b: await openStore(tmp.file, opts) };
    use(w);
  });
  afterEach(async () => {
    await w.a.close();
    await w.b.close();
    w.tmp.cleanup();
  });
}

export const T0 = '2025-01-01T00:00:00.000Z';

export function makeSession(id: string, flow: 'tree' | 'chain' = 'chain', over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    prompt: `prompt of ${id}`,
    domain: flow === 'chain' ? 'hanoi' : 'code',
    flow,
    status: 'running',
    createdAt: T0,
    updatedAt: T0,
    waitState: null,
    metrics: emptySessionMetrics(),
    metadata: { provider: 'simulated', model: 'sim-1', k: 3 },
    ...over,
  };
}

/** A clean chain step: unanimous vote, completed. */
export function chainStep(i: number, over: Partial<StepRecord> = {}): StepRecord {
  return {
    id: `step-${i}`,
    parentId: null,
    depth: 0,
    index: i,
    description: `move ${i}`,
    status: 'completed',
    phase: 'done',
    input: `{"state":${i}}`,
    winnerText: `move = [1,0,2]\nnext_state = [[${i}],[],[]]`,
    output: { move: [1, 0, 2], next_state: [[i], [], []] },
    metrics: { ...emptyStepMetrics(), samplesRequested: 3, samplesRetained: 3, tally: { k: 3, counts: { a: 3 }, winner: 'a', lead: 3, margin: 3, votes: 3, decidedBy: 'lead', rounds: 1 } },
    updatedAt: T0,
    ...over,
  };
}

/** A step whose vote was split: the store keeps its candidates after it leaves the recent window. */
export function contestedStep(i: number): StepRecord {
  const st = chainStep(i);
  st.metrics = { ...st.metrics, tally: { k: 3, counts: { a: 3, b: 1 }, winner: 'a', lead: 2, margin: 2, votes: 4, decidedBy: 'lead', rounds: 2 } };
  return st;
}

export function samplesFor(stepId: string, n = 3, text = 'move = [1,0,2]'): SampleRecord[] {
  return Array.from({ length: n }, (_, seq) => ({
    stepId,
    role: 'solver' as const,
    seq,
    text,
    key: 'a',
    flags: [],
    tokensIn: 100,
    tokensOut: 20,
    finish: 'stop' as const,
    temperature: seq === 0 ? 0 : 0.1,
    latencyMs: 5,
    model: 'sim-1',
  }));
}

/** What store-child.ts reports over IPC: steps written so far, the end (with the store's stats), or a failure. */
export type StoreChildMsg = { written?: number; done?: boolean; error?: string; stats?: { reloads: number; checkpoints: number } };

/** Forks the compiled store-child.ts (its argv is described there) with IPC, its stderr passed through. */
export function forkStoreChild(args: Record<string, unknown>): ChildProcess {
  return fork(path.join(__dirname, 'store-child.js'), [JSON.stringify(args)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

/**
 * A store-child writing a long chain (checkpoints every 40 ms, the given chain policy), killed with
 * SIGKILL once it has written `steps` steps; `counted`: its steps carry their samples' tokens.
 */
export async function killedStoreChild(file: string, steps: number, chain: { segmentSteps: number; recentSteps: number }, counted = false): Promise<void> {
  const child = forkStoreChild({ file, sessionId: 'crash', steps: 1_000_000, batch: 25, checkpointIntervalMs: 40, chain, counted });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: StoreChildMsg) => {
      if (m.error) reject(new Error(m.error));
      if ((m.written ?? 0) >= steps && child.signalCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await exited;
}
