// Where the store keeps its files. Everything lives beside the main database file so one
// folder holds a whole store: the DB, its journals, its lock and its segment files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `$MICROFACTORY_HOME/sessions.sqlite3`, else `~/.microfactory/sessions.sqlite3`; creates the folder. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env, userHome = os.homedir()): string {
  const home = env.MICROFACTORY_HOME && env.MICROFACTORY_HOME.trim() ? env.MICROFACTORY_HOME : path.join(userHome, '.microfactory');
  fs.mkdirSync(home, { recursive: true });
  return path.join(home, 'sessions.sqlite3');
}

export interface StorePaths {
  db: string;
  dir: string;
  base: string;
  lock: string;
  segmentsDir: string;
}

export function storePaths(dbPath: string): StorePaths {
  const db = path.resolve(dbPath);
  const dir = path.dirname(db);
  const base = path.basename(db);
  return { db, dir, base, lock: `${db}.lock`, segmentsDir: `${db}.segments` };
}

/** A file-name-safe folder name for a session id (ids are usually UUIDs, but never trust that). */
export function safeName(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  if (clean === id && clean !== '.' && clean !== '..') return clean;
  // Different ids could sanitize to the same name: add a short stable hash of the original.
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return `${clean}-${(h >>> 0).toString(16)}`;
}

/** Writes bytes so a reader sees either the old file or the whole new one, never a torn one. */
export function atomicWriteFileSync(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/** Makes a rename durable; some platforms (Windows) cannot open a folder, which is fine there. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported on this platform */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** true when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
