// Reads of a session's steps and samples, wherever they are: the main DB, the steps a running chain
// holds outside SQL until the next checkpoint (chain/tail.ts, materialized first), and the segment
// files older chain steps were retired to (chain/segments.ts). A segment that turns out unreadable
// is moved aside and its loss noted (segmentDamage.ts); the read goes on without it.
import type { SampleRecord, StepRecord } from '../engine/model';
import type { StepQuery } from '../engine/ports';
import type { SqlValue } from './sql/db';
import type { Durable } from './durability';
import { rowToSample, rowToStep } from './sql/rows';
import { SegmentCorruptError } from './chain/segmentFile';
import type { SegmentDamage } from './segmentDamage';

export class StepReads {
  constructor(
    private readonly core: Durable,
    private readonly damage: SegmentDamage,
    /** Re-reads the DB file if another process wrote it; true when it did. */
    private readonly reloadIfChanged: () => boolean,
  ) {}

  getStep(sessionId: string, stepId: string): StepRecord | undefined {
    this.core.tail.materialize(sessionId);
    const r = this.core.db.get('SELECT * FROM steps WHERE session_id = ? AND step_id = ?', [sessionId, stepId]);
    if (r) return rowToStep(r);
    return this.retired(() => {
      const hit = this.core.segments.find(sessionId, stepId);
      return hit ? hit.seg.stepAt(hit.pos) : undefined;
    });
  }

  getSteps(sessionId: string, query: StepQuery = {}): StepRecord[] {
    this.core.tail.materialize(sessionId);
    const offset = Math.max(0, query.offset ?? 0);
    const limit = query.limit ?? Infinity;
    if (limit <= 0) return [];
    const sqlLimit = (n: number): number => (Number.isFinite(n) ? n : -1);
    if (typeof query.parentId === 'string') {
      return this.core.db
        .all('SELECT * FROM steps WHERE session_id = ? AND parent_id = ? ORDER BY idx LIMIT ? OFFSET ?', [sessionId, query.parentId, sqlLimit(limit), offset])
        .map(rowToStep);
    }
    // Retired root steps come first: they all have lower indexes than the main DB's (chain/segments.ts).
    const old = this.retired(() => this.core.segments.page(sessionId, offset, limit));
    const left = limit - old.steps.length;
    if (left <= 0) return old.steps;
    const where = query.parentId === null ? 'AND parent_id IS NULL' : '';
    const params: SqlValue[] = [sessionId, sqlLimit(left), Math.max(0, offset - old.total)];
    const main = this.core.db.all(`SELECT * FROM steps WHERE session_id = ? ${where} ORDER BY idx, depth, step_id LIMIT ? OFFSET ?`, params).map(rowToStep);
    return old.steps.length ? [...old.steps, ...main] : main;
  }

  countSteps(sessionId: string, query: { parentId?: string | null; status?: string } = {}): number {
    this.core.tail.materialize(sessionId);
    const conds = ['session_id = ?'];
    const params: SqlValue[] = [sessionId];
    if (query.parentId === null) conds.push('parent_id IS NULL');
    else if (query.parentId !== undefined) (conds.push('parent_id = ?'), params.push(query.parentId));
    if (query.status !== undefined) (conds.push('status = ?'), params.push(query.status));
    const main = Number(this.core.db.get(`SELECT count(*) AS n FROM steps WHERE ${conds.join(' AND ')}`, params)!.n);
    return typeof query.parentId === 'string' ? main : main + this.core.segments.count(sessionId, query.status);
  }

  lastCompletedChainStep(sessionId: string): StepRecord | undefined {
    this.core.tail.materialize(sessionId);
    const r = this.core.db.get(`SELECT * FROM steps WHERE session_id = ? AND parent_id IS NULL AND status = 'completed' ORDER BY idx DESC LIMIT 1`, [sessionId]);
    return r ? rowToStep(r) : this.retired(() => this.core.segments.lastCompleted(sessionId));
  }

  getSamples(sessionId: string, stepId: string): SampleRecord[] {
    this.core.tail.materialize(sessionId);
    const rows = this.core.db.all('SELECT * FROM samples WHERE session_id = ? AND step_id = ? ORDER BY rowid', [sessionId, stepId]);
    if (rows.length) return rows.map(rowToSample);
    if (this.core.db.get('SELECT 1 AS x FROM steps WHERE session_id = ? AND step_id = ?', [sessionId, stepId])) return [];
    return this.retired(() => {
      const hit = this.core.segments.find(sessionId, stepId);
      return hit ? hit.seg.samplesOf(stepId) : [];
    });
  }

  /**
   * Reads of retired steps. Another process may have replaced a segment file (rare edit of an old
   * step) and deleted the one our copy of the DB points at: then reload and read again.
   */
  private retired<T>(read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof SegmentCorruptError && err.missing && this.reloadIfChanged()) return read();
      // An unreadable segment is moved aside and its loss recorded (segmentDamage.ts); the read
      // goes on without it, once per segment at most.
      if (!this.damage.drop(err)) throw err;
      return this.retired(read);
    }
  }
}
