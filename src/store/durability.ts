// Durability and cross-process merge for the in-memory sql.js DB.
//
// Invariant: our in-memory DB == (the DB file as we last read or wrote it) + (our journal records
// since then). So a merge with another process's checkpoint is simply: load the newer file, and
// replay our pending journal records on top. Records are idempotent row-level upserts, so the merge
// is row-level: our rows win for what we wrote, the file wins for everything else (other processes'
// sessions are never overwritten by our stale copies, and they do the same for ours).
//
// Checkpoint (under the lock file): commit; reload+replay if the file changed on disk; adopt the
// journals of dead processes (recovery.ts: their sessions' losses noted, totals summed again);
// rotate our journal; move old chain steps of the sessions written since the last checkpoint to
// segment files (chain/maintenance.ts); VACUUM a main DB left mostly free pages, as a recovery
// leaves it (sql/compact.ts); export; write temp file, fsync, rename, fsync dir; then delete the journals it covers (after recording them as covered, so a
// crash between the rename and the delete never replays them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../engine/ports';
import type { ChainPolicy } from './chain/chainPolicy';
import type { Db } from './sql/db';
import { isOrphan, journalId, listJournals, readJournal, type JournalFile, type JournalWriter } from './journal/journal';
import type { FileLock } from './disk/lock';
import { maintainSession } from './chain/maintenance';
import { OpCode, opSession, type Op } from './journal/op';
import type { DamagedRecord } from './journal/lineCheck';
import { reportDamagedLines } from './journalDamage';
import { cutShort, reportLoss, settleStrayMarks, strayMarks, type StrayMark } from './journalLoss';
import { removeMark } from './journal/mark';
import { markDamaged, segmentDamage } from './damage';
import { recovered } from './recovery';
import { compactIfBloated } from './sql/compact';
import { rowToSession } from './sql/rows';
import { OpApplier } from './opApplier';
import { atomicWriteFileSync, type StorePaths } from './disk/paths';
import { getMeta, SchemaTooNewError, setMeta } from './sql/schema';
import { Segments } from './chain/segments';
import { SegmentCorruptError, SegmentFiles } from './chain/segmentFile';
import { ChainTail } from './chain/tail';
import { buildDb, moveAside, newStamp, readDisk, sameStat, statDisk, type DiskStat } from './sql/snapshot';
import type { SqlModule } from './sql/sqljs';

export interface StoreStats {
  checkpoints: number;
  lastCheckpointMs: number;
  totalCheckpointMs: number;
  /** CPU time (this process, all threads) spent in checkpoints: steadier than wall time on a busy machine. */
  totalCheckpointCpuMs: number;
  lastCheckpointBytes: number;
  reloads: number;
  segmentsSealed: number;
  journalsAdopted: number;
  /** VACUUMs after a recovery left the main DB mostly free pages (sql/compact.ts). */
  compactions: number;
}

export class Durable {
  db: Db;
  known: DiskStat | null;
  /** Sessions written since the last checkpoint: the ones whose old chain steps get retired. */
  readonly dirty = new Set<string>();
  readonly segments: Segments;
  readonly ops: OpApplier;
  /** Chain steps appended since the last checkpoint, not yet in SQL (chain/tail.ts). */
  readonly tail: ChainTail;
  readonly stats: StoreStats = { checkpoints: 0, lastCheckpointMs: 0, totalCheckpointMs: 0, totalCheckpointCpuMs: 0, lastCheckpointBytes: 0, reloads: 0, segmentsSealed: 0, journalsAdopted: 0, compactions: 0 };
  /** Our rotated journals not yet covered by a successful checkpoint (a failed write keeps them). */
  private unsaved: string[] = [];
  /** Segment files replaced by edits; the file on disk points at them until the next checkpoint. */
  private obsolete: string[] = [];
  /** Rows changed outside the journal (a salvage, a repair): the next checkpoint must write even with no records. */
  unjournaled = false;
  /** Sessions whose row heads the active journal file (journalHead), and which file that is. */
  private readonly headed = new Set<string>();
  private headedIn: string | undefined;
  /**
   * Called after each reload of another process's file, whoever asked for it: a checkpoint merges
   * that file too, and must not swallow the news (the store's listeners would never hear of it).
   */
  onReload: () => void = () => undefined;

  constructor(
    readonly SQL: SqlModule,
    readonly paths: StorePaths,
    db: Db,
    known: DiskStat | null,
    readonly journal: JournalWriter,
    readonly lock: FileLock,
    private readonly policy: ChainPolicy,
    private readonly log: Logger,
  ) {
    this.db = db;
    this.known = known;
    this.segments = new Segments(() => this.db, new SegmentFiles(paths.segmentsDir));
    this.ops = new OpApplier(() => this.db, this.segments, (f) => this.obsolete.push(f), () => new Date().toISOString());
    this.tail = new ChainTail(() => this.db, this.segments, this.ops);
  }

  /** Applies ops, logging (not throwing) the ones that fail: one bad record must not block recovery. */
  replay(ops: Op[], from: string): void {
    for (const op of ops) {
      try {
        this.ops.apply(op);
        this.dirty.add(opSession(op));
      } catch (err) {
        this.log.warn(`store: skipped a journal record of ${path.basename(from)} (${(err as Error).message})`);
      }
    }
  }

  /** A moved-aside journal whose records were just replayed: deleted once a checkpoint covers them. */
  adoptAside(file: string): void {
    this.unsaved.push(file);
  }

  diskChanged(): boolean {
    const now = statDisk(this.paths.db);
    // A vanished file is not "changed": keep our copy and write it back at the next checkpoint.
    return now !== null && !sameStat(now, this.known);
  }

  /** Loads the file on disk and replays our pending records on top. false if there was nothing to load. */
  reload(): boolean {
    const snap = readDisk(this.paths.db);
    if (!snap) return false;
    let fresh: Db;
    try {
      fresh = buildDb(this.SQL, snap.bytes);
    } catch (err) {
      if (err instanceof SchemaTooNewError) throw err;
      // Someone replaced the file with garbage (our own writes are atomic renames). Keep the
      // bytes for the user, keep our copy, and let the next checkpoint write a sound file.
      const to = moveAside(this.paths.db);
      this.log.error(`store: ${this.paths.db} became unreadable (${(err as Error).message}); moved aside to ${to}`);
      this.known = null;
      return false;
    }
    this.db.close();
    this.db = fresh;
    this.segments.reset();
    // Every held step is in the journals replayed below.
    this.tail.clear();
    for (const f of [...this.unsaved, this.journal.activeFile]) {
      if (!f) continue;
      const r = readJournal(f);
      this.replay(r.ops, f);
      this.noteDamage(f, r.damaged);
    }
    this.known = snap.stat;
    this.stats.reloads++;
    this.onReload();
    return true;
  }

  /** Reports damaged lines and notes the damage on the sessions they named (journalDamage.ts, damage.ts). */
  private noteDamage(file: string, damaged: DamagedRecord[]): void {
    if (!damaged.length) return;
    for (const [id, note] of reportDamagedLines(file, damaged, this.log)) {
      markDamaged(this.db, id, note); // false (nothing to note on) when the session has no row
    }
  }

  /** Journals whose writer is gone (crashed or killed), in replay order. */
  private orphans(all = listJournals(this.paths)): JournalFile[] {
    return all.filter((j) => j.tag !== this.journal.tag && isOrphan(j));
  }

  /** Highest journal seq of a writer that the DB already contains (see markCovered). */
  private covered(tag: string): number {
    return Number(getMeta(this.db, `covered:${tag}`) ?? -1);
  }

  /**
   * Replays orphaned journals into the DB; returns their files, to delete once checkpointed. A
   * journal with records of a session that has no row even after the replay (its row was lost
   * with the DB file, and the journal predates session heads) is moved aside instead, never deleted.
   */
  private adopt(files: JournalFile[], stray: StrayMark[]): string[] {
    const done: string[] = [];
    const touched = new Set<string>();
    for (const j of files) {
      // Its writer died after renaming a checkpoint that holds it, before deleting it: replaying
      // is not needed (and would be slow: it would re-edit steps since moved to segments).
      if (j.seq <= this.covered(j.tag)) {
        done.push(j.file);
        continue;
      }
      const r = readJournal(j.file);
      const short = cutShort(j.file, r);
      if (r.torn && !short) this.log.info(`store: ignored the torn last line of ${path.basename(j.file)} (its writer died mid-append)`);
      this.replay(r.ops, j.file);
      this.noteDamage(j.file, r.damaged);
      if (short) reportLoss(this.db, this.log, short);
      for (const s of short?.sessions ?? []) touched.add(s);
      this.stats.journalsAdopted++;
      const sessions = new Set(r.ops.map(opSession));
      for (const s of sessions) touched.add(s);
      const homeless = [...sessions].filter((s) => !this.db.get('SELECT 1 AS x FROM sessions WHERE id = ?', [s]));
      if (!homeless.length) {
        done.push(j.file);
        continue;
      }
      const to = `${j.file}.unrecovered-${Date.now()}`;
      fs.renameSync(j.file, to);
      removeMark(j.file);
      for (const s of homeless) this.log.error(`store: session ${s} cannot be recovered: its session record is lost; its journaled steps are kept in ${to}`);
    }
    for (const loss of settleStrayMarks(stray, (tag, seq) => seq <= this.covered(tag))) {
      reportLoss(this.db, this.log, loss);
      for (const s of loss.sessions) touched.add(s);
    }
    for (const s of touched) recovered(this.db, this.segments, this.paths.segmentsDir, this.log, s);
    return done;
  }

  /**
   * Before a journal record of this session: the session's row goes first into each new journal
   * file, so the journal alone can rebuild the session if the DB file is lost (one record per
   * session per rotation). A createSession record is its own head.
   */
  journalHead(sessionId: string, creating: boolean): void {
    if (this.journal.activeFile !== this.headedIn) this.headed.clear(); // rotated since: a new file
    if (creating || this.headed.has(sessionId)) return;
    const r = this.db.get('SELECT * FROM sessions WHERE id = ?', [sessionId]);
    if (r) this.journal.append({ o: OpCode.createSession, v: rowToSession(r) });
  }

  /** After a record of this session was appended: the file it went to now holds its head. */
  journalHeaded(sessionId: string): void {
    this.headedIn = this.journal.activeFile;
    this.headed.add(sessionId);
    this.journal.wrote(sessionId);
  }

  /**
   * Records in the DB about to be written which journal files it covers, so that a crash between
   * the rename and their deletion never replays them; forgets the entries no file needs anymore.
   */
  private markCovered(files: string[], present: JournalFile[]): void {
    const max = new Map<string, number>();
    for (const f of files) {
      const id = journalId(f);
      if (id) max.set(id.tag, Math.max(max.get(id.tag) ?? -1, id.seq));
    }
    for (const [tag, seq] of max) setMeta(this.db, `covered:${tag}`, String(seq));
    const keep = new Set([...present.map((j) => j.tag), ...max.keys(), this.journal.tag]);
    for (const r of this.db.all(`SELECT key FROM meta WHERE key LIKE 'covered:%'`)) {
      if (!keep.has(String(r.key).slice('covered:'.length))) this.db.run('DELETE FROM meta WHERE key = ?', [r.key]);
    }
  }

  /** Anything a checkpoint would write: our records, replaced segments, or a dead writer's journal. */
  hasWork(): boolean {
    return !!this.journal.activeFile || this.unjournaled || this.unsaved.length > 0 || this.obsolete.length > 0 || this.orphans().length > 0;
  }

  /** One full checkpoint. The caller holds the lock. Returns whether a file was written. */
  checkpointLocked(): boolean {
    if (!this.lock.isHeld) throw new Error('checkpoint without the store lock');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    this.db.commit();
    const journals = listJournals(this.paths);
    const orphans = this.orphans(journals);
    // Length marks whose journal is gone (journalLoss.ts): deleted journals, or a crash between two deletes.
    const stray = strayMarks(this.paths, (tag, pid) => tag !== this.journal.tag && isOrphan({ file: '', tag, pid, seq: 0, mtimeMs: 0 }));
    // Nothing of ours to write: do not even reload (a reader must not churn on a busy writer's file).
    if (!this.journal.activeFile && !this.unsaved.length && !this.obsolete.length && !orphans.length && !stray.length && !this.unjournaled) return false;
    if (this.diskChanged()) this.reload();
    // A dead writer's records replay in SQL: let them land after ours, as they would have before.
    if (orphans.length) this.tail.materializeAll();
    const adopted = this.adopt(orphans, stray);
    const rotated = this.journal.rotate();
    if (rotated) this.unsaved.push(rotated);
    this.markCovered([...this.unsaved, ...adopted], journals);

    const now = new Date().toISOString();
    // All or nothing per session: a failed segment write must not leave steps both retired and not.
    for (const sid of new Set([...this.dirty, ...this.tail.sessions()])) {
      try {
        this.stats.segmentsSealed += this.db.atomically(() => maintainSession(this.db, this.segments, sid, this.policy, now, this.tail));
      } catch (err) {
        // A segment that is gone or unreadable must not block the store: the session's new steps
        // stay in SQL (the journals holding them are deleted below), and it is marked damaged. A
        // failed write (disk full, no permission) is no damage: it fails the checkpoint, retried later.
        if (!this.segmentLost(err)) throw err;
        this.tail.materialize(sid);
        markDamaged(this.db, sid, segmentDamage(err));
        this.log.error(`store: session ${sid} is damaged: ${segmentDamage(err)}`);
      }
    }
    // After a recovery the replayed steps just left SQL for segment files: give their pages back.
    if (compactIfBloated(this.db)) this.stats.compactions++;
    setMeta(this.db, 'generation', String(Number(getMeta(this.db, 'generation') ?? 0) + 1));
    setMeta(this.db, 'written_by', `${this.journal.tag} at ${now}`);
    this.db.execInTx(`PRAGMA user_version = ${newStamp()}`); // see DiskStat.stamp
    const bytes = this.db.export();
    atomicWriteFileSync(this.paths.db, bytes);
    this.known = statDisk(this.paths.db);

    for (const f of [...this.unsaved, ...adopted]) {
      fs.rmSync(f, { force: true });
      removeMark(f);
    }
    for (const f of this.obsolete) this.segments.files.remove(f);
    this.unsaved = [];
    this.obsolete = [];
    this.unjournaled = false;
    this.dirty.clear();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const st = this.stats;
    st.checkpoints++;
    st.lastCheckpointMs = ms;
    st.totalCheckpointMs += ms;
    st.totalCheckpointCpuMs += (cpu.user + cpu.system) / 1000;
    st.lastCheckpointBytes = bytes.length;
    return true;
  }

  /** The error says a segment file a row points at is missing or unreadable (not that a write failed). */
  private segmentLost(err: unknown): boolean {
    if (err instanceof SegmentCorruptError) return true;
    const e = err as NodeJS.ErrnoException & { path?: string };
    if (e.code !== 'ENOENT' || !e.path) return false;
    const rel = path.relative(this.paths.segmentsDir, e.path).split(path.sep).join('/');
    return !!this.db.get('SELECT 1 AS x FROM segments WHERE file = ?', [rel]);
  }
}
