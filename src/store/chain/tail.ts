// The newest steps of running chain sessions, held outside SQL between two checkpoints.
//
// Why: a chain step is four SQL rows (the step and ~3 samples), ~60 µs of sql.js work, yet at the
// next checkpoint all but the newest `recentSteps` of them leave the main DB for a segment file and
// most of their samples are dropped (maintenance.ts). So putStepWithSamples() journals the step as
// always (durability is unchanged) but keeps it here, serialized once; the checkpoint writes the
// old part of the tail straight into the segment, exactly as if it had been retired from SQL, and
// inserts only the recent part into SQL. Anything else that touches the session's steps or
// samples first materializes its tail into SQL, so every other path sees the rows it always saw.
//
// Only appends are buffered: a root step of a chain session whose index is above every index the
// session already has (in SQL, in segments, or here). Entries are immutable JSON, so a caller that
// changes the step object after the call changes nothing stored, as with SQL rows (tailEntry.ts).
// They are held packed (tailList.ts): bytes and integers, no object per step.
import type { SampleRecord, StepRecord } from '../../engine/model';
import type { Db } from '../sql/db';
import { OpCode, type Op } from '../journal/op';
import type { Segments } from './segments';
import { entrySamples, entryStep, lineRanges, type TailEntry, type TailLine } from './tailEntry';
import { TailList, type Staged } from './tailList';

export class ChainTail {
  private readonly bySession = new Map<string, TailList>();
  /** Highest root-step index a session has anywhere (SQL, segments, tail); -1 for none. */
  private readonly heads = new Map<string, number>();
  private readonly flows = new Map<string, string | null>();
  private count = 0;

  constructor(
    private readonly db: () => Db,
    private readonly segments: Segments,
    /** Applies an op to SQL (opApplier.ts OpApplier). */
    private readonly ops: { apply(op: Op): void },
  ) {}

  /** Entries held, all sessions together. */
  get size(): number {
    return this.count;
  }

  sessions(): string[] {
    return [...this.bySession.keys()];
  }

  /** Whether this write is an append to a chain session's tail (and so may be buffered). */
  accepts(sessionId: string, step: StepRecord, samples: SampleRecord[]): boolean {
    if (step.parentId !== null || !Number.isInteger(step.index)) return false;
    for (const s of samples) if (s.stepId !== step.id) return false;
    if (this.flow(sessionId) !== 'chain') return false;
    return step.index > this.head(sessionId);
  }

  /**
   * Encodes a step's journal line into the session's held bytes and returns them, for the caller
   * to journal; only commit() then makes it a held step (after a failed write it is overwritten).
   */
  encode(sessionId: string, line: TailLine): Staged {
    let list = this.bySession.get(sessionId);
    if (!list) this.bySession.set(sessionId, (list = new TailList()));
    return list.encode(line.text);
  }

  commit(sessionId: string, step: StepRecord, line: TailLine, staged: Staged): void {
    this.bySession.get(sessionId)!.commit(step.id, step.index, step.status, line.keep, lineRanges(line, staged.len));
    this.heads.set(sessionId, step.index);
    this.count++;
  }

  /** Removes and returns a session's entries (index order). */
  take(sessionId: string): TailEntry[] {
    const list = this.bySession.get(sessionId);
    if (!list) return [];
    this.bySession.delete(sessionId);
    this.count -= list.length;
    return list.entries();
  }

  /** Puts entries taken by take() back in front (a checkpoint that used them failed and rolled back). */
  restore(sessionId: string, entries: TailEntry[]): void {
    if (!entries.length) return;
    const later = this.bySession.get(sessionId);
    const list = new TailList();
    for (const e of entries) list.add(e);
    for (const e of later?.entries() ?? []) list.add(e);
    this.bySession.set(sessionId, list);
    this.count += entries.length;
  }

  /** Writes a session's entries into SQL as the writes they stand for, and forgets them. */
  materialize(sessionId: string): void {
    if (this.bySession.has(sessionId)) this.insert(sessionId, this.take(sessionId));
  }

  materializeAll(): void {
    for (const id of this.sessions()) this.materialize(id);
  }

  insert(sessionId: string, entries: TailEntry[]): void {
    for (const e of entries) {
      const step = entryStep(e);
      const samples = entrySamples(e, step);
      if (samples.length) this.ops.apply({ o: OpCode.addSamples, s: sessionId, v: samples });
      this.ops.apply({ o: OpCode.putStep, s: sessionId, v: step });
    }
  }

  /** Drops what we know about a session's indexes and flow (after a write that bypassed the tail). */
  forget(sessionId: string): void {
    this.heads.delete(sessionId);
    this.flows.delete(sessionId);
  }

  /** Drops every entry and cached fact: the DB was reloaded and the journal replayed (it holds every entry). */
  clear(): void {
    this.bySession.clear();
    this.heads.clear();
    this.flows.clear();
    this.count = 0;
  }

  private flow(sessionId: string): string | null {
    let f = this.flows.get(sessionId);
    if (f === undefined) {
      const r = this.db().get('SELECT flow FROM sessions WHERE id = ?', [sessionId]);
      f = r ? String(r.flow) : null;
      this.flows.set(sessionId, f);
    }
    return f;
  }

  private head(sessionId: string): number {
    let h = this.heads.get(sessionId);
    if (h === undefined) {
      const r = this.db().get('SELECT max(idx) AS m FROM steps WHERE session_id = ? AND parent_id IS NULL', [sessionId]);
      h = Math.max(r && r.m !== null ? Number(r.m) : -1, this.segments.maxRetiredIdx(sessionId));
      const list = this.bySession.get(sessionId);
      if (list?.length) h = Math.max(h, list.lastIndex());
      this.heads.set(sessionId, h);
    }
    return h;
  }
}
