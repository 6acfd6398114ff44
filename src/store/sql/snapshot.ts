// Reading the main DB file into a fresh in-memory sql.js database, and telling whether the file
// on disk changed since we last read or wrote it (another process checkpointed).
import * as fs from 'node:fs';
import { Db } from './db';
import { withFastHeapCopies } from './heapCopy';
import { migrate } from './schema';
import type { SqlModule } from './sqljs';

export interface DiskStat {
  ino: number;
  size: number;
  mtimeMs: number;
  /**
   * A random number each checkpoint writes into the SQLite header (user_version, offset 60). File
   * times are coarse (a jiffy) and a new file can reuse the inode just freed, so two checkpoints in
   * a row can look identical to stat(); this stamp tells them apart.
   */
  stamp: number;
}

export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly movedTo: string,
    detail: string,
    /** What was read back out of the damaged file (sql/salvage.ts), in words. */
    readonly recovered = '',
  ) {
    super(
      `The session store ${file} is not a readable SQLite database (${detail.split('\n').slice(0, 2).join(' ')}). ` +
        `It was NOT deleted: it was moved aside to ${movedTo}.` +
        (recovered ? ` ${recovered}` : '') +
        ` The store goes on from the recovered rows, with the unsaved journals beside it replayed on top.`,
    );
    this.name = 'StoreCorruptError';
  }
}

export const STAMP_OFFSET = 60;

export function newStamp(): number {
  return 1 + Math.floor(Math.random() * 0x7ffffffe);
}

const stampOf = (bytes: Uint8Array): number => (bytes.length >= STAMP_OFFSET + 4 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readInt32BE(STAMP_OFFSET) : 0);
const toStat = (s: fs.Stats, stamp: number): DiskStat => ({ ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, stamp });

/** `read` on the file opened for reading, closed after; null when there is no file. */
function readOpen<T>(file: string, read: (fd: number) => T): T | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return read(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function statDisk(file: string): DiskStat | null {
  return readOpen(file, (fd) => {
    const head = Buffer.alloc(STAMP_OFFSET + 4);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return toStat(fs.fstatSync(fd), stampOf(head.subarray(0, n)));
  });
}

export function sameStat(a: DiskStat | null, b: DiskStat | null): boolean {
  if (!a || !b) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.stamp === b.stamp;
}

/** Bytes and stat of one version of the file (fstat on the fd we read, so they match). */
export function readDisk(file: string): { bytes: Uint8Array; stat: DiskStat } | null {
  return readOpen(file, (fd) => {
    const st = fs.fstatSync(fd);
    const bytes = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, bytes, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    const data = bytes.subarray(0, off);
    return { bytes: data, stat: toStat(st, stampOf(data)) };
  });
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * A Db over these bytes (or a new empty one), validated and migrated. Throws a plain Error with the
 * reason when the bytes are not a sound SQLite database; the caller decides what to do with the file.
 */
export function buildDb(SQL: SqlModule, bytes: Uint8Array | null, opts: { check?: boolean } = {}): Db {
  const empty = !bytes || bytes.length === 0;
  if (!empty && Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_MAGIC) {
    throw new Error('bad header: not an SQLite file');
  }
  const db = new Db(withFastHeapCopies(() => new SQL.Database(empty ? undefined : bytes)));
  try {
    if (!empty && opts.check) {
      const res = db.get('PRAGMA quick_check');
      const verdict = res ? String(Object.values(res)[0]) : 'no answer';
      if (verdict !== 'ok') throw new Error(`integrity check failed: ${verdict}`);
    }
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const to = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, to);
  return to;
}
