// Opening a store: load sql.js, read (and check) the DB file under the lock, replay the journals
// that dead processes left beside it, and hand back a SqlSessionStore (store.ts has the design).
import * as fs from 'node:fs';
import { silentLogger } from '../engine/ports';
import { DEFAULT_CHAIN_POLICY, type ChainPolicy } from './chain/chainPolicy';
import type { Db } from './sql/db';
import { Durable } from './durability';
import { JournalWriter, newTag, releaseTag } from './journal/journal';
import { FileLock } from './disk/lock';
import { SchemaTooNewError } from './sql/schema';
import { buildDb, moveAside, readDisk, StoreCorruptError } from './sql/snapshot';
import { salvage, salvageSummary } from './sql/salvage';
import { atomicWriteFileSync, storePaths } from './disk/paths';
import { loadSqlJs } from './sql/sqljs';
import { gcSegments } from './segmentGc';
import { SqlSessionStore } from './store';
import type { StoreOptions } from './storeOptions';

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
      let salvaged = false;
      try {
        db = buildDb(SQL, snap?.bytes ?? null, { check: true });
      } catch (err) {
        if (err instanceof SchemaTooNewError || !snap) throw err;
        const movedTo = moveAside(paths.db);
        // Whatever rows SQLite can still read come back; the journals then replay on top.
        const saved = salvage(SQL, snap.bytes);
        const corrupt = new StoreCorruptError(paths.db, movedTo, (err as Error).message, salvageSummary(saved));
        if (opts.onCorrupt !== 'recreate') {
          // The next open starts from the rows saved, not from nothing.
          if (saved.rows.sessions) atomicWriteFileSync(paths.db, saved.db.export());
          saved.db.close();
          throw corrupt;
        }
        log.error(corrupt.message);
        snap = null;
        db = saved.db;
        salvaged = true;
      }
      const chain = { ...DEFAULT_CHAIN_POLICY, ...opts.chain };
      const policy: ChainPolicy = { segmentSteps: Math.max(1, chain.segmentSteps), recentSteps: Math.max(1, chain.recentSteps), previewChars: Math.max(0, chain.previewChars) };
      const core = new Durable(SQL, paths, db, snap?.stat ?? null, new JournalWriter(paths, tag), lock, policy, log);
      core.unjournaled = salvaged; // the rows read out of a damaged file must reach the disk now
      try {
        core.checkpointLocked(); // replays journals left by dead processes, if any
        gcSegments(core.db, paths.segmentsDir);
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

