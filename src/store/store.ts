// SqlSessionStore: the SessionStore port on sql.js (SQLite in WASM, in memory). openStore() is in open.ts.
//
// Design (details in the files named):
// - Rows per session, step and sample (sql/schema.ts). Writes are synchronous: apply to the in-memory
//   DB inside a long-lived transaction (sql/db.ts), then append one JSON line to this instance's
//   journal (journal/journal.ts) before returning, so a SIGKILL right after a call loses nothing.
// - Checkpoint (durability.ts; when: checkpointSchedule.ts), every `checkpointIntervalMs` or `checkpointBytes`
//   of journal, and on flush()/close(): under an O_EXCL lock file (disk/lock.ts), reload the file if
//   another process wrote it and replay our pending journal on top (a row-level merge: neither
//   process loses the other's sessions), adopt journals of dead processes, export, temp file +
//   fsync + rename, then delete the journals it covers. Opening runs the same procedure, so every
//   orphaned journal is replayed (a torn last line is ignored).
// - Flat cost (chain/maintenance.ts, chain/segments.ts, chain/segmentFile.ts): the main DB, which each checkpoint
//   exports whole, holds sessions, tree steps and only the newest `recentSteps` chain steps. At each
//   checkpoint older chain steps are appended to the session's open segment file (gzip members,
//   append-only), which is sealed, never to be written again, at `segmentSteps` steps; chain samples
//   are kept only for the recent window and for contested steps (texts capped). So a checkpoint
//   costs the same at step 10k as at step 1M, and memory stays bounded.
// - Reads of steps and samples (stepReads.ts) see the main DB, the held tail and segment files.
// - After a crash: a dead writer's journal is replayed, and its sessions' totals are summed again
//   from their rows (recovery.ts; recount() does the same for a resume of a killed session).
// - Other processes' writes: listSessions/getSession reload a changed file (rate-limited);
//   reloadIfChanged() and onExternalChange() let the extension refresh its tree when the CLI writes.
import * as fs from 'node:fs';
import type { AgentRole, SampleRecord, SessionMetrics, SessionRecord, StepRecord } from '../engine/model';
import type { Logger, SessionListQuery, SessionPatch, SessionRemoval, SessionStore, StepQuery } from '../engine/ports';
import type { Db } from './sql/db';
import { ChangeWatch } from './changeWatch';
import { checkHealth, repair, type StoreHealth } from './health';
import { CheckpointSchedule } from './checkpointSchedule';
import type { Durable, StoreStats } from './durability';
import { OpCode, type Op } from './journal/op';
import { rowToSession } from './sql/rows';
import { scrubSecrets } from './secrets';
import { SegmentDamage } from './segmentDamage';
import { StepReads } from './stepReads';
import { totalsFromRows } from './recovery';
import type { StoreOptions } from './storeOptions';
import { tailLine } from './chain/tailEntry';

export class SqlSessionStore implements SessionStore {
  private closed = false;
  private lastReloadCheck = 0;
  private readonly changes: ChangeWatch;
  private readonly schedule: CheckpointSchedule;
  private closing: Promise<void> | undefined;
  private readonly damage: SegmentDamage;
  private readonly steps: StepReads;

  constructor(
    private readonly core: Durable,
    private readonly opts: StoreOptions,
    private readonly log: Logger,
  ) {
    this.schedule = new CheckpointSchedule(core, opts, log);
    this.damage = new SegmentDamage(core, (op, session) => this.write(op, session), log);
    this.steps = new StepReads(core, this.damage, () => this.reloadIfChanged());
    this.changes = new ChangeWatch(
      () => {
        try {
          this.reloadIfChanged();
        } catch (err) {
          this.log.warn(`store: could not reload ${this.path} (${(err as Error).message})`);
        }
      },
      opts.watchIntervalMs ?? 1000,
      log,
    );
    // A reload under the lock (a checkpoint merging another process's file, exclusive()) is told
    // once the lock is released: a listener reads, or writes, the store. Before, a checkpoint that
    // merged the file updated what we knew of it silently, so the poll never saw that change.
    core.onReload = () => (core.lock.isHeld ? setImmediate(() => this.changes.notify()) : this.changes.notify());
  }

  get path(): string {
    return this.core.paths.db;
  }

  private get db(): Db {
    return this.core.db;
  }

  // ---------- writes ----------
  private write(op: Op, session: string): void {
    if (this.closed) throw new Error('The session store is closed');
    if (op.o !== OpCode.updateSession) {
      // Steps this session holds outside SQL (chain/tail.ts) land first, so writes apply in call order.
      this.core.tail.materialize(session);
      this.core.tail.forget(session);
    }
    this.core.journalHead(session, op.o === OpCode.createSession);
    this.core.ops.apply(op);
    this.core.journal.append(op);
    this.core.journalHeaded(session);
    this.schedule.journaled(session);
  }

  createSession(session: SessionRecord): void {
    const v = { ...session, metadata: scrubSecrets(session.metadata) };
    this.write({ o: OpCode.createSession, v }, v.id);
  }

  updateSession(id: string, patch: SessionPatch): void {
    const known = (): boolean => !!this.db.get('SELECT 1 AS x FROM sessions WHERE id = ?', [id]);
    // Another process may have created it since we last read the file.
    if (!known() && !(this.reloadIfChanged() && known())) throw new Error(`Unknown session ${id}`);
    const p: SessionPatch = { ...patch, updatedAt: patch.updatedAt ?? new Date().toISOString() };
    if (p.metadata) p.metadata = scrubSecrets(p.metadata);
    this.write({ o: OpCode.updateSession, id, p }, id);
  }

  putStep(sessionId: string, step: StepRecord): void {
    this.write({ o: OpCode.putStep, s: sessionId, v: step }, sessionId);
  }

  /**
   * addSamples(samples) then putStep(step) as one write: one journal record, one write(2). A step
   * appended to a running chain is not even put into SQL yet (chain/tail.ts): the next checkpoint writes
   * it where it belongs, and any read of the session's steps sees it before that.
   */
  putStepWithSamples(sessionId: string, step: StepRecord, samples: SampleRecord[]): void {
    if (this.closed) throw new Error('The session store is closed');
    const tail = this.core.tail;
    if (!tail.accepts(sessionId, step, samples)) {
      this.write({ o: OpCode.putStepWithSamples, s: sessionId, v: step, x: samples }, sessionId);
      return;
    }
    this.core.journalHead(sessionId, false);
    const line = tailLine(sessionId, step, samples);
    const staged = tail.encode(sessionId, line);
    this.core.journal.appendBytes(staged.buf, true, staged.off, staged.len);
    this.core.journalHeaded(sessionId);
    tail.commit(sessionId, step, line, staged);
    this.schedule.journaled(sessionId);
  }

  deleteSteps(sessionId: string, stepIds: string[]): void {
    if (stepIds.length) this.write({ o: OpCode.deleteSteps, s: sessionId, ids: stepIds }, sessionId);
  }

  addSamples(sessionId: string, samples: SampleRecord[]): void {
    if (samples.length) this.write({ o: OpCode.addSamples, s: sessionId, v: samples }, sessionId);
  }

  markSampleRejected(sessionId: string, stepId: string, role: AgentRole, seq: number): void {
    this.write({ o: OpCode.rejectSample, s: sessionId, st: stepId, r: role, q: seq }, sessionId);
  }

  /**
   * Deletes the session: its rows now, its segment files at the next checkpoint (flush() or
   * exclusive() to make it final on disk). Returns what it removed. Whether it may be deleted (a
   * live run) is the caller's rule (app/sessionAdmin.ts).
   */
  deleteSession(id: string): SessionRemoval | undefined {
    if (!this.getSession(id)) return undefined;
    this.core.tail.materialize(id);
    const segments = this.core.segments.list(id);
    const inSql = Number(this.db.get('SELECT count(*) AS n FROM samples WHERE session_id = ?', [id])?.n ?? 0);
    const removed: SessionRemoval = {
      steps: this.countSteps(id),
      samples: inSql + segments.reduce((n, r) => n + r.samples, 0),
      segmentFiles: segments.length,
    };
    this.write({ o: OpCode.deleteSession, s: id }, id);
    return removed;
  }

  // ---------- reads ----------
  getSession(id: string): SessionRecord | undefined {
    this.maybeReload();
    const r = this.db.get('SELECT * FROM sessions WHERE id = ?', [id]);
    return r ? rowToSession(r) : undefined;
  }

  listSessions(opts: SessionListQuery = {}): SessionRecord[] {
    this.maybeReload();
    const archived = "coalesce(json_extract(extra, '$.archived'), 0)";
    const where = opts.archived === undefined ? '' : `WHERE ${archived} ${opts.archived ? '!=' : '='} 0`;
    return this.db
      .all(`SELECT * FROM sessions ${where} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`, [opts.limit ?? -1, Math.max(0, opts.offset ?? 0)])
      .map(rowToSession);
  }

  // Steps and samples: stepReads.ts (the main DB, the held tail, and segment files).
  getStep(sessionId: string, stepId: string): StepRecord | undefined {
    return this.steps.getStep(sessionId, stepId);
  }

  getSteps(sessionId: string, query: StepQuery = {}): StepRecord[] {
    return this.steps.getSteps(sessionId, query);
  }

  countSteps(sessionId: string, query: { parentId?: string | null; status?: string } = {}): number {
    return this.steps.countSteps(sessionId, query);
  }

  lastCompletedChainStep(sessionId: string): StepRecord | undefined {
    return this.steps.lastCompletedChainStep(sessionId);
  }

  getSamples(sessionId: string, stepId: string): SampleRecord[] {
    return this.steps.getSamples(sessionId, stepId);
  }

  /**
   * Sums the session's totals again from its stored steps, finished or not (recovery.ts), and
   * journals them: for a resume of a session whose process died, so its budget starts from
   * everything that was paid.
   */
  recount(sessionId: string): void {
    this.core.tail.materialize(sessionId);
    let metrics: SessionMetrics | undefined;
    try {
      metrics = totalsFromRows(this.db, this.core.segments, sessionId);
    } catch (err) {
      // An unreadable segment: the run's own check moves it aside and re-runs its steps; the totals stay.
      this.log.warn(`store: could not sum the totals of session ${sessionId} again (${(err as Error).message})`);
    }
    // updated_at stays: summing again is no progress.
    if (metrics) this.write({ o: OpCode.updateSession, id: sessionId, p: { metrics, updatedAt: this.getSession(sessionId)?.updatedAt } }, sessionId);
  }

  /**
   * Checks a session's segment files: `deep` reads each one, otherwise only their sizes are
   * checked. Unreadable ones are moved aside and noted on the session; returns the notes.
   */
  verifySession(sessionId: string, opts: { deep: boolean }): string[] {
    return this.damage.check(sessionId, opts.deep);
  }

  // ---------- durability ----------
  /** A full checkpoint now: everything written so far is in the DB file (fsync'd). */
  async flush(): Promise<void> {
    if (this.closed) return;
    await this.core.lock.acquire(this.opts.lockTimeoutMs);
    try {
      if (!this.closed) this.core.checkpointLocked(); // close() may have finished while we waited
    } finally {
      this.core.lock.release();
    }
  }

  /**
   * `f` under the store lock, on the newest file (another process's checkpoint is read first),
   * then a checkpoint, so every process sees its writes as soon as it returns. For a
   * read-then-write that two processes must not both do (taking a session's lease).
   */
  async exclusive<T>(f: () => T): Promise<T> {
    if (this.closed) throw new Error('The session store is closed');
    await this.core.lock.acquire(this.opts.lockTimeoutMs);
    try {
      if (this.core.diskChanged()) this.core.reload(); // tells the listeners (onReload)
      const result = f();
      this.core.checkpointLocked();
      return result;
    } finally {
      this.core.lock.release();
    }
  }

  /** Final checkpoint, then releases everything. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.closing = undefined; // let the caller retry
      throw err;
    }
    this.closed = true;
    this.schedule.stop();
    this.changes.close();
    this.core.journal.close();
    this.core.db.close();
  }

  // ---------- other processes ----------
  /** Re-reads the file if another process wrote it since we last read or wrote it. */
  reloadIfChanged(): boolean {
    if (this.closed || this.core.lock.isHeld || !this.core.diskChanged()) return false;
    return this.core.reload(); // tells the listeners (onReload)
  }

  /** Calls `listener` after the store picked up another process's writes (polls while subscribed). */
  onExternalChange(listener: () => void): () => void {
    return this.closed ? () => undefined : this.changes.subscribe(listener);
  }

  private maybeReload(): void {
    const now = Date.now();
    if (now - this.lastReloadCheck < (this.opts.reloadMinIntervalMs ?? 1000)) return;
    this.lastReloadCheck = now;
    this.reloadIfChanged();
  }

  /** The store's health, session by session (health.ts): `microfactory doctor`. */
  health(): StoreHealth {
    return checkHealth(this.core);
  }

  /** Rebuilds what can be rebuilt (health.ts) and saves it; returns the health afterwards. */
  async repair(): Promise<StoreHealth> {
    await this.core.lock.acquire(this.opts.lockTimeoutMs);
    try {
      this.core.tail.materializeAll();
      // A deleted or unreadable segment file is dropped, its steps left for resume to re-run.
      for (const r of this.db.all('SELECT id FROM sessions')) this.damage.check(String(r.id), true);
      const health = repair(this.core);
      this.core.checkpointLocked();
      return health;
    } finally {
      this.core.lock.release();
    }
  }

  /** The checkpoint counters alone, without touching the disk: cheap enough to poll on every write. */
  checkpointStats(): Readonly<StoreStats> {
    return this.core.stats;
  }

  stats(): StoreStats & { journalBytes: number; mainDbBytes: number | null } {
    let size: number | null = null;
    try {
      size = fs.statSync(this.core.paths.db).size;
    } catch {
      /* not written yet */
    }
    return { ...this.core.stats, journalBytes: this.core.journal.bytes, mainDbBytes: size };
  }
}
