// Chain steps of long sessions across the main DB and segment files (segmentFile.ts).
// Invariant: for one session, every root step in a segment has a lower index than every root step
// still in the main DB, and segments do not overlap; so reads "ordered by index" walk the
// segments, then the main DB. Only root steps (parentId null) of chain sessions are retired.
import type { SampleRecord, StepRecord } from '../../engine/model';
import type { Db, Row } from '../sql/db';
import type { ChainPolicy } from './chainPolicy';
import { rowToSampleJson, rowToStepJson } from '../sql/rows';
import { encodeChunk, encodeSample, encodeStep, type EncodedSample, type LoadedSegment, type SegmentFiles } from './segmentFile';
import { encodeRetired, type TailEntry } from './tailEntry';

export interface SegmentRow {
  sessionId: string;
  seq: number;
  firstIdx: number;
  lastIdx: number;
  steps: number;
  samples: number;
  statusCounts: Record<string, number>;
  maxCompletedIdx: number | null;
  file: string;
  bytes: number;
  sealed: boolean;
}

function toSegmentRow(r: Row): SegmentRow {
  return {
    sessionId: String(r.session_id),
    seq: Number(r.seq),
    firstIdx: Number(r.first_idx),
    lastIdx: Number(r.last_idx),
    steps: Number(r.steps),
    samples: Number(r.samples),
    statusCounts: JSON.parse(String(r.status_counts)) as Record<string, number>,
    maxCompletedIdx: r.max_completed_idx === null ? null : Number(r.max_completed_idx),
    file: String(r.file),
    bytes: Number(r.bytes),
    sealed: Number(r.sealed) === 1,
  };
}

/** A segment row's step counts by status and its highest completed index. */
function stepStats(steps: StepRecord[]): { statusCounts: Record<string, number>; maxCompletedIdx: number | null } {
  const statusCounts: Record<string, number> = {};
  let maxCompletedIdx: number | null = null;
  for (const st of steps) {
    statusCounts[st.status] = (statusCounts[st.status] ?? 0) + 1;
    if (st.status === 'completed') maxCompletedIdx = Math.max(maxCompletedIdx ?? -1, st.index);
  }
  return { statusCounts, maxCompletedIdx };
}

/** Room kept for the marker appended to a capped text. */
const MARK_ROOM = 64;

export function capText(text: string, max: number): string {
  if (text.length <= max + MARK_ROOM) return text;
  return `${text.slice(0, max)}\n…[truncated by the store: ${text.length} chars]`;
}

interface RetiredStep {
  id: string;
  json: string | Uint8Array;
  index: number;
  status: string;
}

const UPSERT_SEGMENT = `INSERT INTO segments (session_id, seq, first_idx, last_idx, steps, samples, status_counts, max_completed_idx, file, bytes, sealed, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (session_id, seq) DO UPDATE SET first_idx = excluded.first_idx, last_idx = excluded.last_idx, steps = excluded.steps,
    samples = excluded.samples, status_counts = excluded.status_counts, max_completed_idx = excluded.max_completed_idx,
    file = excluded.file, bytes = excluded.bytes, sealed = excluded.sealed, created_at = excluded.created_at`;

export class Segments {
  /** sessionId -> highest retired index (-1: none). putStep consults it on every call, so cache it. */
  private readonly retiredMax = new Map<string, number>();
  /** stepId -> segment seq, for ids a recent page returned (the UI then asks for their samples). */
  private readonly hints = new Map<string, number>();

  constructor(
    private readonly db: () => Db,
    readonly files: SegmentFiles,
    private readonly hintCap = 5000,
  ) {}

  /** Forget cached facts about the DB (after it was reloaded from disk). */
  reset(): void {
    this.retiredMax.clear();
    this.hints.clear();
    this.files.dropCache();
  }

  /** Drops the cached highest retired index of a session (a row was removed). */
  forgetRetired(sessionId: string): void {
    this.retiredMax.delete(sessionId);
  }

  list(sessionId: string): SegmentRow[] {
    return this.db().all('SELECT * FROM segments WHERE session_id = ? ORDER BY first_idx', [sessionId]).map(toSegmentRow);
  }

  maxRetiredIdx(sessionId: string): number {
    let m = this.retiredMax.get(sessionId);
    if (m === undefined) {
      const r = this.db().get('SELECT max(last_idx) AS m FROM segments WHERE session_id = ?', [sessionId]);
      m = r && r.m !== null ? Number(r.m) : -1;
      this.retiredMax.set(sessionId, m);
    }
    return m;
  }

  load(row: SegmentRow): LoadedSegment {
    return this.files.load(row.file, row.bytes, row);
  }

  /**
   * Moves root steps with idx < below from the main DB into segments: appended to the open
   * segment, which is sealed when it reaches `segmentSteps`, then into new ones as needed.
   * Retention happens on the way: steps with idx >= keepAllFrom keep every sample; older ones keep
   * samples only when contested (split vote, resamples, red flags, a rejection), texts capped.
   * Returns how many segments it sealed.
   */
  retire(sessionId: string, below: number, keepAllFrom: number, policy: ChainPolicy, now: string, tail: TailEntry[] = []): number {
    const db = this.db();
    const where = 'session_id = ?1 AND parent_id IS NULL AND idx < ?2';
    const rows = db.all(`SELECT * FROM steps WHERE ${where} ORDER BY idx`, [sessionId, below]);
    if (!rows.length && !tail.length) return 0;
    const steps: RetiredStep[] = rows.map((r) => ({ id: String(r.step_id), json: rowToStepJson(r), index: Number(r.idx), status: String(r.status) }));
    const samplesOf = new Map<string, EncodedSample[]>();
    // Tail entries (tail.ts) come after every SQL row: their indexes are higher by construction.
    const cap = (text: string) => capText(text, policy.previewChars);
    for (const e of tail) {
      const r = encodeRetired(e, keepAllFrom, cap);
      steps.push(r.step);
      if (r.samples.length) samplesOf.set(e.id, r.samples);
    }
    // CROSS JOIN: walk the retired steps by index, never the session's whole samples table.
    const kept = !rows.length ? [] : db.all(
      `SELECT s.*, st.idx AS step_idx FROM steps st CROSS JOIN samples s ON s.session_id = st.session_id AND s.step_id = st.step_id
       WHERE st.session_id = ?1 AND st.parent_id IS NULL AND st.idx < ?2 AND (st.idx >= ?3 OR st.contested = 1
         OR EXISTS (SELECT 1 FROM samples x WHERE x.session_id = ?1 AND x.step_id = st.step_id AND (x.flagged = 1 OR x.rejected = 1)))
       ORDER BY s.rowid`,
      [sessionId, below, keepAllFrom],
    );
    for (const r of kept) {
      if (Number(r.step_idx) < keepAllFrom) r.text = capText(String(r.text), policy.previewChars);
      const id = String(r.step_id);
      const list = samplesOf.get(id) ?? [];
      list.push({ stepId: id, json: rowToSampleJson(r) });
      samplesOf.set(id, list);
    }
    const segmentSteps = policy.segmentSteps;
    let sealed = 0;
    for (let pos = 0; pos < steps.length; ) {
      const open = this.openSegment(sessionId);
      const room = open ? segmentSteps - open.steps : segmentSteps;
      const take = steps.slice(pos, pos + Math.max(1, room));
      const chunkSamples = take.flatMap((st) => samplesOf.get(st.id) ?? []);
      const chunk = encodeChunk(take, chunkSamples);
      const seg = open ?? this.emptyRow(sessionId, take[0].index);
      const file = open ? open.file : this.files.create(sessionId, seg.seq, chunk);
      const bytes = open ? this.files.append(open.file, open.bytes, chunk) : chunk.length;
      const next: SegmentRow = { ...seg, file, bytes, lastIdx: take[take.length - 1].index, steps: seg.steps + take.length, samples: seg.samples + chunkSamples.length, statusCounts: { ...seg.statusCounts } };
      for (const st of take) {
        next.statusCounts[st.status] = (next.statusCounts[st.status] ?? 0) + 1;
        if (st.status === 'completed') next.maxCompletedIdx = Math.max(next.maxCompletedIdx ?? -1, st.index);
      }
      next.sealed = next.steps >= segmentSteps;
      if (next.sealed) sealed++;
      this.saveRow(next, now);
      pos += take.length;
    }
    if (rows.length) {
      db.run(`DELETE FROM samples WHERE session_id = ?1 AND step_id IN (SELECT step_id FROM steps WHERE ${where})`, [sessionId, below]);
      db.run(`DELETE FROM steps WHERE ${where}`, [sessionId, below]);
    }
    this.retiredMax.delete(sessionId);
    return sealed;
  }

  /** Seals the open segment, if any (a completed chain will not grow again). */
  sealOpen(sessionId: string, now: string): number {
    const open = this.openSegment(sessionId);
    if (!open) return 0;
    this.saveRow({ ...open, sealed: true }, now);
    return 1;
  }

  /**
   * A row again for a segment file no row describes (its DB was lost: chain/reindex.ts), sealed so
   * nothing is appended to it. `steps` are the file's, sorted by index.
   */
  adoptFile(sessionId: string, seq: number, file: string, bytes: number, steps: StepRecord[], samples: number, now: string): void {
    const { statusCounts, maxCompletedIdx } = stepStats(steps);
    this.saveRow({ sessionId, seq, firstIdx: steps[0].index, lastIdx: steps[steps.length - 1].index, steps: steps.length, samples, statusCounts, maxCompletedIdx, file, bytes, sealed: true }, now);
    this.forgetRetired(sessionId);
  }

  private openSegment(sessionId: string): SegmentRow | undefined {
    const r = this.db().get('SELECT * FROM segments WHERE session_id = ? AND sealed = 0 ORDER BY seq DESC LIMIT 1', [sessionId]);
    return r ? toSegmentRow(r) : undefined;
  }

  private emptyRow(sessionId: string, firstIdx: number): SegmentRow {
    const seq = Number(this.db().get('SELECT coalesce(max(seq), -1) + 1 AS n FROM segments WHERE session_id = ?', [sessionId])!.n);
    return { sessionId, seq, firstIdx, lastIdx: firstIdx, steps: 0, samples: 0, statusCounts: {}, maxCompletedIdx: null, file: '', bytes: 0, sealed: false };
  }

  private saveRow(s: SegmentRow, now: string): void {
    this.db().run(UPSERT_SEGMENT, [
      s.sessionId, s.seq, s.firstIdx, s.lastIdx, s.steps, s.samples, JSON.stringify(s.statusCounts), s.maxCompletedIdx, s.file, s.bytes, s.sealed ? 1 : 0, now,
    ]);
  }

  /**
   * The rare edit of an already retired step (a caller re-put, deleted or rejected an old step):
   * write the whole segment again under a new name. Returns the file that became obsolete; the
   * caller deletes it only after the next checkpoint, since the file on disk still points at it.
   */
  rewrite(row: SegmentRow, edit: (steps: StepRecord[], samples: SampleRecord[]) => { steps: StepRecord[]; samples: SampleRecord[] }, now: string): string {
    const seg = this.load(row);
    const next = edit(seg.steps(), seg.allSamples());
    if (next.steps.length) {
      const steps = [...next.steps].sort((a, b) => a.index - b.index);
      const chunk = encodeChunk(steps.map(encodeStep), next.samples.map(encodeSample));
      const { statusCounts, maxCompletedIdx } = stepStats(steps);
      this.saveRow(
        { ...row, file: this.files.create(row.sessionId, row.seq, chunk), bytes: chunk.length, firstIdx: Math.min(row.firstIdx, steps[0].index), lastIdx: Math.max(row.lastIdx, steps[steps.length - 1].index), steps: steps.length, samples: next.samples.length, statusCounts, maxCompletedIdx },
        now,
      );
    } else {
      this.db().run('DELETE FROM segments WHERE session_id = ? AND seq = ?', [row.sessionId, row.seq]);
    }
    this.retiredMax.delete(row.sessionId);
    return row.file;
  }

  /** The segment whose range should hold a root step with this index. */
  segmentFor(sessionId: string, index: number): SegmentRow | undefined {
    const segs = this.list(sessionId);
    let pick = segs[0];
    for (const s of segs) if (s.firstIdx <= index) pick = s;
    return pick;
  }

  /** Retired root steps in index order from `offset`, at most `limit`; plus how many are retired in all. */
  page(sessionId: string, offset: number, limit: number): { steps: StepRecord[]; total: number } {
    const out: StepRecord[] = [];
    let total = 0;
    let skip = offset;
    for (const row of this.list(sessionId)) {
      total += row.steps;
      if (out.length >= limit) continue;
      if (skip >= row.steps) {
        skip -= row.steps;
        continue;
      }
      const take = this.load(row).steps(skip, skip + (limit - out.length));
      for (const st of take) this.hint(st.id, row.seq);
      out.push(...take);
      skip = 0;
    }
    return { steps: out, total };
  }

  count(sessionId: string, status?: string): number {
    let n = 0;
    for (const row of this.list(sessionId)) n += status === undefined ? row.steps : (row.statusCounts[status] ?? 0);
    return n;
  }

  lastCompleted(sessionId: string): StepRecord | undefined {
    const row = this.list(sessionId).filter((s) => s.maxCompletedIdx !== null).pop();
    if (!row) return undefined;
    const seg = this.load(row);
    for (let i = seg.stepCount - 1; i >= 0; i--) {
      const st = seg.stepAt(i);
      if (st.status === 'completed' && st.index === row.maxCompletedIdx) return st;
    }
    return undefined;
  }

  /** Finds a retired step by id: hinted segment first, then newest to oldest (slow, but rare). */
  find(sessionId: string, stepId: string): { row: SegmentRow; seg: LoadedSegment; pos: number } | undefined {
    const segs = this.list(sessionId);
    const hinted = this.hints.get(stepId);
    const order = [...segs.filter((s) => s.seq === hinted), ...segs.filter((s) => s.seq !== hinted).reverse()];
    for (const row of order) {
      const seg = this.load(row);
      const pos = seg.find(stepId);
      if (pos >= 0) return { row, seg, pos };
    }
    return undefined;
  }

  private hint(stepId: string, seq: number): void {
    this.hints.delete(stepId);
    this.hints.set(stepId, seq);
    if (this.hints.size > this.hintCap) this.hints.delete(this.hints.keys().next().value!);
  }
}
