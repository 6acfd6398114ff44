// Watches a run from inside its store calls, since a simulated run never yields to the event
// loop (no timer would fire): a transparent SessionStore decorator that, every `every` step
// writes, records the process's RSS, and after every step write notes each checkpoint that just
// ran (its cost, its DB size, and how many steps it covered). Everything else is passed through.
import type { AgentRole, SampleRecord, SessionRecord, StepRecord } from '../engine/model';
import type { SessionPatch, SessionStore, StepQuery } from '../engine/ports';
import type { SqlSessionStore } from '../store';

/** One checkpoint seen during the run. */
export interface CheckpointEvent {
  /** Step writes when it was seen, and since the previous one: the steps it made durable. */
  atStep: number;
  steps: number;
  ms: number;
  cpuMs: number;
  /** Size of the exported main DB. */
  bytes: number;
}

export class ProbedStore implements SessionStore {
  readonly checkpoints: CheckpointEvent[] = [];
  private stepWrites = 0;
  /** The store's checkpoint counters as of the last checkpoint recorded (at construction, at first). */
  private seen: { n: number; ms: number; cpuMs: number; atStep: number };
  peakRss = 0;
  readonly putStepWithSamples?: (sessionId: string, step: StepRecord, samples: SampleRecord[]) => void;

  constructor(
    readonly inner: SqlSessionStore,
    private readonly every = 1000,
  ) {
    const s0 = inner.checkpointStats();
    this.seen = { n: s0.checkpoints, ms: s0.totalCheckpointMs, cpuMs: s0.totalCheckpointCpuMs, atStep: 0 };
    const combined = (inner as Partial<SessionStore>).putStepWithSamples;
    if (combined) {
      this.putStepWithSamples = (sessionId, step, samples) => {
        combined.call(inner, sessionId, step, samples);
        this.tick();
      };
    }
  }

  /** Samples the RSS now (also called at the start and the end of a run). */
  mark(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
  }

  private tick(): void {
    if (++this.stepWrites % this.every === 0) this.mark();
    const s = this.inner.checkpointStats();
    if (s.checkpoints === this.seen.n) return;
    // Two checkpoints between two writes (rare) are recorded as one.
    const at = this.stepWrites;
    this.checkpoints.push({
      atStep: at, steps: at - this.seen.atStep, ms: s.totalCheckpointMs - this.seen.ms, cpuMs: s.totalCheckpointCpuMs - this.seen.cpuMs, bytes: s.lastCheckpointBytes,
    });
    this.seen = { n: s.checkpoints, ms: s.totalCheckpointMs, cpuMs: s.totalCheckpointCpuMs, atStep: at };
  }

  putStep(sessionId: string, step: StepRecord): void {
    this.inner.putStep(sessionId, step);
    if (step.status === 'completed') this.tick();
  }

  createSession(session: SessionRecord): void {
    this.inner.createSession(session);
  }
  updateSession(id: string, patch: SessionPatch): void {
    this.inner.updateSession(id, patch);
  }
  getSession(id: string): SessionRecord | undefined {
    return this.inner.getSession(id);
  }
  listSessions(opts?: { limit?: number; offset?: number }): SessionRecord[] {
    return this.inner.listSessions(opts);
  }
  deleteSteps(sessionId: string, stepIds: string[]): void {
    this.inner.deleteSteps(sessionId, stepIds);
  }
  getStep(sessionId: string, stepId: string): StepRecord | undefined {
    return this.inner.getStep(sessionId, stepId);
  }
  getSteps(sessionId: string, query?: StepQuery): StepRecord[] {
    return this.inner.getSteps(sessionId, query);
  }
  countSteps(sessionId: string, query?: { parentId?: string | null; status?: string }): number {
    return this.inner.countSteps(sessionId, query);
  }
  lastCompletedChainStep(sessionId: string): StepRecord | undefined {
    return this.inner.lastCompletedChainStep(sessionId);
  }
  addSamples(sessionId: string, samples: SampleRecord[]): void {
    this.inner.addSamples(sessionId, samples);
  }
  getSamples(sessionId: string, stepId: string): SampleRecord[] {
    return this.inner.getSamples(sessionId, stepId);
  }
  markSampleRejected(sessionId: string, stepId: string, role: AgentRole, seq: number): void {
    this.inner.markSampleRejected(sessionId, stepId, role, seq);
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface CheckpointWindow {
  /** Checkpoint wall ms (or CPU ms) per 10,000 steps made durable. */
  msPer10k: number;
  cpuMsPer10k: number;
  checkpoints: number;
  steps: number;
}

/**
 * Checkpoint cost per 10,000 steps over whole checkpoints: the first ones (after `skip`) and the
 * last ones, each side taken until it covers at least `minSteps` steps. Whole checkpoints, since
 * cutting a window at a step count would count a checkpoint in or out at random: one more 400 ms
 * checkpoint in a 100k-step window moves the figure by a third.
 */
export function checkpointWindow(events: CheckpointEvent[], side: 'start' | 'end', minSteps: number, skip = 0): CheckpointWindow | null {
  const list = side === 'start' ? events.slice(skip) : [...events].reverse();
  let steps = 0;
  let ms = 0;
  let cpuMs = 0;
  let n = 0;
  for (const e of list) {
    if (steps >= minSteps) break;
    steps += e.steps;
    ms += e.ms;
    cpuMs += e.cpuMs;
    n++;
  }
  if (steps < minSteps || steps === 0) return null;
  return { msPer10k: (ms / steps) * 10_000, cpuMsPer10k: (cpuMs / steps) * 10_000, checkpoints: n, steps };
}
