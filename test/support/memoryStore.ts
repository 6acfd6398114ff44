// An in-memory SessionStore for tests that run the real engine many times (the fidelity test
// runs hundreds of 1,023-step chains): the port's semantics without sql.js, journals or files.
// Records are copied on the way in and out, as a serializing store would, so the engine can
// never rely on aliasing a stored object.
import type { AgentRole, SampleRecord, SessionRecord, StepRecord } from '../../src/engine/model';
import type { SessionPatch, SessionStore, StepQuery } from '../../src/engine/ports';

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

interface SessionData {
  record: SessionRecord;
  steps: Map<string, StepRecord>;
  samples: Map<string, SampleRecord[]>;
  lastChain?: StepRecord;
}

export interface MemoryStoreOptions {
  /** Keep sample bodies (default true); a store may keep fewer than it was given (see the port). */
  keepSamples?: boolean;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionData>();
  /** Calls per write method, for tests that check how the engine writes. */
  readonly writes = { createSession: 0, updateSession: 0, putStep: 0, putStepWithSamples: 0, addSamples: 0, deleteSteps: 0 };

  constructor(private readonly opts: MemoryStoreOptions = {}) {}

  createSession(session: SessionRecord): void {
    this.writes.createSession++;
    this.sessions.set(session.id, { record: copy(session), steps: new Map(), samples: new Map() });
  }

  updateSession(id: string, patch: SessionPatch): void {
    this.writes.updateSession++;
    const s = this.data(id);
    const r = s.record;
    if (patch.status !== undefined) r.status = patch.status;
    if (patch.waitState !== undefined) r.waitState = copy(patch.waitState);
    if (patch.metrics !== undefined) r.metrics = copy(patch.metrics);
    if (patch.metadata !== undefined) r.metadata = copy(patch.metadata);
    if (patch.error !== undefined) r.error = patch.error ?? undefined;
    r.updatedAt = patch.updatedAt ?? new Date().toISOString();
  }

  getSession(id: string): SessionRecord | undefined {
    return copy(this.sessions.get(id)?.record);
  }

  listSessions(opts: { limit?: number; offset?: number } = {}): SessionRecord[] {
    const all = [...this.sessions.values()].map((s) => s.record).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
    const from = Math.max(0, opts.offset ?? 0);
    return copy(all.slice(from, opts.limit === undefined ? undefined : from + opts.limit));
  }

  putStep(sessionId: string, step: StepRecord): void {
    this.writes.putStep++;
    this.put(sessionId, step);
  }

  putStepWithSamples(sessionId: string, step: StepRecord, samples: SampleRecord[]): void {
    this.writes.putStepWithSamples++;
    this.add(sessionId, samples);
    this.put(sessionId, step);
  }

  deleteSteps(sessionId: string, stepIds: string[]): void {
    this.writes.deleteSteps++;
    const s = this.data(sessionId);
    for (const id of stepIds) {
      s.steps.delete(id);
      s.samples.delete(id);
      if (s.lastChain?.id === id) s.lastChain = undefined;
    }
  }

  getStep(sessionId: string, stepId: string): StepRecord | undefined {
    return copy(this.sessions.get(sessionId)?.steps.get(stepId));
  }

  getSteps(sessionId: string, query: StepQuery = {}): StepRecord[] {
    const s = this.sessions.get(sessionId);
    if (!s) return [];
    let steps = [...s.steps.values()];
    if (query.parentId !== undefined) steps = steps.filter((st) => st.parentId === query.parentId);
    steps.sort((a, b) => a.index - b.index || a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const from = Math.max(0, query.offset ?? 0);
    return copy(steps.slice(from, query.limit === undefined ? undefined : from + query.limit));
  }

  countSteps(sessionId: string, query: { parentId?: string | null; status?: string } = {}): number {
    const s = this.sessions.get(sessionId);
    if (!s) return 0;
    let n = 0;
    for (const st of s.steps.values()) {
      if (query.parentId !== undefined && st.parentId !== query.parentId) continue;
      if (query.status !== undefined && st.status !== query.status) continue;
      n++;
    }
    return n;
  }

  lastCompletedChainStep(sessionId: string): StepRecord | undefined {
    const s = this.sessions.get(sessionId);
    if (!s) return undefined;
    if (!s.lastChain) {
      for (const st of s.steps.values()) {
        if (st.parentId === null && st.status === 'completed' && (!s.lastChain || st.index > s.lastChain.index)) s.lastChain = st;
      }
    }
    return copy(s.lastChain);
  }

  addSamples(sessionId: string, samples: SampleRecord[]): void {
    this.writes.addSamples++;
    this.add(sessionId, samples);
  }

  getSamples(sessionId: string, stepId: string): SampleRecord[] {
    return copy(this.sessions.get(sessionId)?.samples.get(stepId) ?? []);
  }

  markSampleRejected(sessionId: string, stepId: string, role: AgentRole, seq: number): void {
    for (const x of this.sessions.get(sessionId)?.samples.get(stepId) ?? []) if (x.role === role && x.seq === seq) x.rejected = true;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  private data(id: string): SessionData {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`Unknown session ${id}`);
    return s;
  }

  private put(sessionId: string, step: StepRecord): void {
    const s = this.data(sessionId);
    const st = copy(step);
    s.steps.set(st.id, st);
    if (st.parentId === null && st.status === 'completed' && (!s.lastChain || st.index >= s.lastChain.index)) s.lastChain = st;
    else if (s.lastChain?.id === st.id) s.lastChain = undefined;
  }

  private add(sessionId: string, samples: SampleRecord[]): void {
    if (this.opts.keepSamples === false || !samples.length) return;
    const s = this.data(sessionId);
    for (const x of samples) {
      const list = s.samples.get(x.stepId) ?? [];
      const i = list.findIndex((y) => y.role === x.role && y.seq === x.seq);
      if (i >= 0) list[i] = copy(x);
      else list.push(copy(x));
      s.samples.set(x.stepId, list);
    }
  }
}
