// Opening a store: load sql.js, read (and check) the DB file under the lock, replay the journals
// that dead processes left beside it, and hand back a SqlSessionStore (store.ts has the design).
import * as fs from 'node:fs';
import { silentLogger, type Logger } from '../engine/ports';
import type { Db } from './db';
import { Durable } from './durability';
import { JournalWriter, newTag, releaseTag } from './journal';
import { FileLock } from './lock';
import { DEFAULT_CHAIN_POLICY, type ChainPolicy } from './maintenance';
import { storePaths } from './paths';
import { SchemaTooNewError } from './schema';
import { buildDb, moveAside, readDisk, StoreCorruptError } from './snapshot';
import { loadSqlJs } from './sqljs';
import { SqlSessionStore } from './store';

export interface StoreOptions {
  /** Background checkpoint period (default 5000 ms; 0 disables the timer). */
  checkpointIntervalMs?: number;
  /** Journal bytes that trigger a checkpoint soon after (default 8 MiB; the main DB holds about this much recent data). */
  checkpointBytes?: number;
  /**
   * Journal bytes of chain steps held outside SQL (tail.ts) that trigger a checkpoint (default
   * 64 MiB). They do not grow the main DB, so they may run longer between checkpoints, which
   * spreads a checkpoint's fixed cost over more steps; this bounds their memory and crash replay.
   */
  tailBytes?: number;
  /** listSessions/getSession re-read a changed file at most this often (default 1000 ms). */
  reloadMinIntervalMs?: number;
  /** How often onExternalChange listeners poll the file (default 1000 ms). */
  watchIntervalMs?: number;
  lockTimeoutMs?: number;
  lockStaleMs?: number;
  chain?: Partial<ChainPolicy>;
  /** 'throw' (default): a corrupt file is moved aside and open() throws; 'recreate': moved aside, logged, new store. */
  onCorrupt?: 'throw' | 'recreate';
  log?: Logger;
}

export async function openStore(filePath: string, opts: StoreOptions = {}): Promise<SqlSessionStore> {
  const SQL = await loadSqlJs();
  const paths = storePaths(filePath);
  const log = opts.log ?? silentLogger;
  fs.mkdirSync(paths.dir, { recursive: true });
  const tag = newTag();
  const lock = new FileLock(paths.lock, tag, opts.lockStaleMs);
  try {
    await lock.acquire(opts.lockTimeoutMs);
    try {
      let snap = readDisk(paths.db);
      let db: Db;
      try {
        db = buildDb(SQL, snap?.bytes ?? null, { check: true });
      } catch (err) {
        if (err instanceof SchemaTooNewError || !snap) throw err;
        const corrupt = new StoreCorruptError(paths.db, moveAside(paths.db), (err as Error).message);
        if (opts.onCorrupt !== 'recreate') throw corrupt;
        log.error(corrupt.message);
        snap = null;
        db = buildDb(SQL, null);
      }
      const chain = { ...DEFAULT_CHAIN_POLICY, ...opts.chain };
      const policy: ChainPolicy = { segmentSteps: Math.max(1, chain.segmentSteps), recentSteps: Math.max(1, chain.recentSteps), previewChars: Math.max(0, chain.previewChars) };
      const core = new Durable(SQL, paths, db, snap?.stat ?? null, new JournalWriter(paths, tag), lock, policy, log);
      try {
        core.checkpointLocked(); // replays journals left by dead processes, if any
        core.gcSegments();
      } catch (err) {
        core.db.close();
        throw err;
      }
      return new SqlSessionStore(core, opts, log);
    } finally {
      lock.release();
    }
  } catch (err) {
    releaseTag(tag);
    throw err;
  }
}

