// Watches a run from inside its store calls, since a simulated run never yields to the event
// loop (no timer would fire): a transparent SessionStore decorator that, every `every` step
// writes, records the store's checkpoint counters and the process's RSS. Reading stats() costs
// one stat(2) per `every` steps; everything else is passed straight through.
import type { AgentRole, SampleRecord, SessionRecord, StepRecord } from '../engine/model';
import type { SessionPatch, SessionStore, StepQuery } from '../engine/ports';
import type { SqlSessionStore } from '../store';

export interface ProbePoint {
  steps: number;
  checkpoints: number;
  checkpointMs: number;
  checkpointCpuMs: number;
  rss: number;
}

export class ProbedStore implements SessionStore {
  readonly points: ProbePoint[] = [];
  private stepWrites = 0;
  peakRss = 0;
  readonly putStepWithSamples?: (sessionId: string, step: StepRecord, samples: SampleRecord[]) => void;

  constructor(
    readonly inner: SqlSessionStore,
    private readonly every = 1000,
  ) {
    const combined = (inner as Partial<SessionStore>).putStepWithSamples;
    if (combined) {
      this.putStepWithSamples = (sessionId, step, samples) => {
        combined.call(inner, sessionId, step, samples);
        this.tick();
      };
    }
  }

  /** Records a point now (also called at the start and the end of a run). */
  mark(): void {
    const s = this.inner.stats();
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    this.points.push({ steps: this.stepWrites, checkpoints: s.checkpoints, checkpointMs: s.totalCheckpointMs, checkpointCpuMs: s.totalCheckpointCpuMs, rss });
  }

  private tick(): void {
    if (++this.stepWrites % this.every === 0) this.mark();
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

/** Checkpoint cost per 10,000 steps over the steps [from, to) of a run, from the probe's points. */
export function checkpointPer10k(points: ProbePoint[], from: number, to: number, cpu = false): number | null {
  const at = (steps: number) => {
    // The last point at or before `steps` (points are in step order).
    let best: ProbePoint | undefined;
    for (const p of points) if (p.steps <= steps) best = p;
    return best;
  };
  const a = at(from);
  const b = at(to);
  if (!a || !b || b.steps <= a.steps) return null;
  const ms = cpu ? b.checkpointCpuMs - a.checkpointCpuMs : b.checkpointMs - a.checkpointMs;
  return (ms / (b.steps - a.steps)) * 10_000;
}
