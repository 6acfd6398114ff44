// Applies the store's write operations (journal/op.ts) to the in-memory DB, and to segment files
// for the rare edit of a retired step: live writes and journal replay both come through here.
import { isDeepStrictEqual } from 'node:util';
import type { AgentRole, StepRecord } from '../engine/model';
import type { SessionPatch } from '../engine/ports';
import type { Db, SqlValue } from './sql/db';
import { OpCode, type Op } from './journal/op';
import { SAMPLE_COLUMNS, SESSION_COLUMNS, STEP_COLUMNS, sampleToRow, sessionToRow, stepToRow } from './sql/rows';
import { expandSample } from './journal/sampleJson';
import { setSessionExtra } from './sql/sessionExtra';
import { clearDamage, markDamaged } from './damage';
import type { SegmentRow, Segments } from './chain/segments';

const placeholders = (cols: string): string => cols.split(',').map(() => '?').join(', ');
const updateAll = (cols: string, key: string[]): string =>
  cols
    .split(',')
    .map((c) => c.trim())
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');

const UPSERT_SESSION = `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (${placeholders(SESSION_COLUMNS)})
  ON CONFLICT (id) DO UPDATE SET ${updateAll(SESSION_COLUMNS, ['id'])}`;
const UPSERT_STEP = `INSERT INTO steps (${STEP_COLUMNS}) VALUES (${placeholders(STEP_COLUMNS)})
  ON CONFLICT (session_id, step_id) DO UPDATE SET ${updateAll(STEP_COLUMNS, ['session_id', 'step_id'])}`;
const UPSERT_SAMPLE = `INSERT INTO samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(SAMPLE_COLUMNS)})
  ON CONFLICT (session_id, step_id, role, seq) DO UPDATE SET ${updateAll(SAMPLE_COLUMNS, ['session_id', 'step_id', 'role', 'seq'])}`;

export class OpApplier {
  constructor(
    private readonly db: () => Db,
    private readonly segments: Segments,
    /** Segment files replaced by an edit; deleted after the next checkpoint stops pointing at them. */
    private readonly onObsolete: (file: string) => void,
    private readonly now: () => string,
  ) {}

  apply(op: Op): void {
    switch (op.o) {
      case OpCode.createSession:
        this.db().run(UPSERT_SESSION, sessionToRow(op.v));
        return;
      case OpCode.updateSession:
        this.updateSession(op.id, op.p);
        return;
      case OpCode.putStep:
        this.putStep(op.s, op.v);
        return;
      case OpCode.putStepWithSamples: {
        const text = op.v.winnerText;
        const key = op.v.metrics?.tally?.winner;
        for (const s of op.x) this.db().run(UPSERT_SAMPLE, sampleToRow(op.s, expandSample(s, text, key)));
        this.putStep(op.s, op.v);
        return;
      }
      case OpCode.deleteSteps:
        this.db().atomically(() => this.deleteSteps(op.s, op.ids));
        return;
      case OpCode.addSamples:
        for (const s of op.v) this.db().run(UPSERT_SAMPLE, sampleToRow(op.s, s));
        return;
      case OpCode.rejectSample:
        this.db().atomically(() => this.reject(op.s, op.st, op.r, op.q));
        return;
      case OpCode.dropSegment:
        this.db().atomically(() => this.dropSegment(op.s, op.q, op.n));
        return;
      case OpCode.deleteSession:
        this.db().atomically(() => this.deleteSession(op.s));
        return;
    }
  }

  /**
   * Removes the session's rows; its segment files go after the next checkpoint stops pointing at
   * them. Replayed by another process on merge, so the session does not come back from its copy.
   */
  private deleteSession(sessionId: string): void {
    const db = this.db();
    for (const row of this.segments.list(sessionId)) this.onObsolete(row.file);
    for (const table of ['samples', 'steps', 'segments']) db.run(`DELETE FROM ${table} WHERE session_id = ?`, [sessionId]);
    db.run('DELETE FROM sessions WHERE id = ?', [sessionId]);
    this.segments.forgetRetired(sessionId);
  }

  private updateSession(id: string, p: SessionPatch): void {
    const sets: string[] = [];
    const vals: SqlValue[] = [];
    const set = (col: string, v: SqlValue): void => {
      sets.push(`${col} = ?`);
      vals.push(v);
    };
    if (p.status !== undefined) set('status', p.status);
    if (p.waitState !== undefined) set('wait_state', p.waitState === null ? null : JSON.stringify(p.waitState));
    if (p.metrics !== undefined) set('metrics', JSON.stringify(p.metrics));
    if (p.metadata !== undefined) set('metadata', JSON.stringify(p.metadata));
    if (p.error !== undefined) set('error', p.error);
    if (p.updatedAt !== undefined) set('updated_at', p.updatedAt);
    if (sets.length) this.db().run(`UPDATE sessions SET ${sets.join(', ')} WHERE id = ?`, [...vals, id]);
    // The lease and the damage note ride in the row's JSON `extra` (no schema change; rowToSession
    // spreads them back). Both are written through sql/sessionExtra.ts, the column's one writer;
    // the note's rules (one note per loss) are store/damage.ts's.
    if (p.lease !== undefined) setSessionExtra(this.db(), id, 'lease', p.lease ?? undefined);
    if (p.archived !== undefined) setSessionExtra(this.db(), id, 'archived', p.archived || undefined);
    if (p.damage === null) clearDamage(this.db(), id);
    else if (p.damage !== undefined) markDamaged(this.db(), id, p.damage);
  }

  private putStep(sessionId: string, step: StepRecord): void {
    // Hot path: one cached-map lookup, then one prepared upsert.
    if (step.parentId === null && step.index <= this.segments.maxRetiredIdx(sessionId)) {
      const row = this.segments.segmentFor(sessionId, step.index);
      if (row) {
        const seg = this.segments.load(row);
        const pos = seg.find(step.id);
        // Replaying a record that was already retired as is: nothing to rewrite.
        if (pos >= 0 && isDeepStrictEqual(seg.stepAt(pos), JSON.parse(JSON.stringify(step)))) return;
        this.db().atomically(() => this.editSegment(row, (steps, samples) => ({ steps: [...steps.filter((s) => s.id !== step.id), step], samples })));
        return;
      }
    }
    this.db().run(UPSERT_STEP, stepToRow(sessionId, step));
  }

  private deleteSteps(sessionId: string, ids: string[]): void {
    const db = this.db();
    const missing: string[] = [];
    for (const id of ids) {
      db.run('DELETE FROM samples WHERE session_id = ? AND step_id = ?', [sessionId, id]);
      if (db.run('DELETE FROM steps WHERE session_id = ? AND step_id = ?', [sessionId, id]) === 0) missing.push(id);
    }
    if (!missing.length || this.segments.maxRetiredIdx(sessionId) < 0) return;
    const gone = new Set(missing);
    for (const id of missing) {
      const hit = this.segments.find(sessionId, id);
      if (!hit) continue;
      this.editSegment(hit.row, (steps, samples) => ({ steps: steps.filter((s) => !gone.has(s.id)), samples: samples.filter((s) => !gone.has(s.stepId)) }));
    }
  }

  /**
   * Forgets a segment whose file was moved aside (chain/segmentDamage.ts): its steps are lost, so the
   * session no longer counts them, is no longer completed, and carries the note until a run redoes
   * them. Replaying it again finds no row and changes nothing.
   */
  private dropSegment(sessionId: string, seq: number, note: string): void {
    const row = this.segments.list(sessionId).find((r) => r.seq === seq);
    if (!row) return;
    this.db().run('DELETE FROM segments WHERE session_id = ? AND seq = ?', [sessionId, seq]);
    this.segments.forgetRetired(sessionId);
    const lost = row.statusCounts.completed ?? 0;
    this.db().run(
      `UPDATE sessions SET metrics = json_set(metrics, '$.stepsCompleted', max(0, json_extract(metrics, '$.stepsCompleted') - ?)),
         status = CASE status WHEN 'completed' THEN 'failed' ELSE status END, error = ? WHERE id = ?`,
      [lost, note, sessionId],
    );
    markDamaged(this.db(), sessionId, note);
  }

  private reject(sessionId: string, stepId: string, role: AgentRole, seq: number): void {
    const n = this.db().run('UPDATE samples SET rejected = 1 WHERE session_id = ? AND step_id = ? AND role = ? AND seq = ?', [sessionId, stepId, role, seq]);
    if (n > 0 || this.segments.maxRetiredIdx(sessionId) < 0) return;
    const hit = this.segments.find(sessionId, stepId);
    if (!hit) return;
    this.editSegment(hit.row, (steps, samples) => ({
      steps,
      samples: samples.map((s) => (s.stepId === stepId && s.role === role && s.seq === seq ? { ...s, rejected: true } : s)),
    }));
  }

  private editSegment(row: SegmentRow, edit: Parameters<Segments['rewrite']>[1]): void {
    this.onObsolete(this.segments.rewrite(row, edit, this.now()));
  }
}
