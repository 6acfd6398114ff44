// The 12 kinds of file damage the chaos suite does to a killed session's store, plus the control
// (none). Each acts on the files a killed run leaves: the main DB (written at checkpoints), the
// newest journal (steps since the last checkpoint) and the first sealed segment file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';

const DB = 'sessions.sqlite3';

export type Target = 'db' | 'journal' | 'segment' | 'none';

export interface Damage {
  name: string;
  target: Target;
  apply(file: string): void;
}

/** The i-th byte of the junk every garble writes: letters of mixed case, as a stray writer's text. */
const junk = (i: number): number => (0x41 + ((i * 7) % 26)) ^ (i & 1 ? 0x20 : 0);

/** Overwrites `count` bytes from the middle of a file, as a bad disk or a stray writer would. */
function garble(file: string, count: number): void {
  const b = fs.readFileSync(file);
  const at = Math.floor(b.length / 2);
  for (let i = 0; i < count && at + i < b.length; i++) b[at + i] = junk(i);
  fs.writeFileSync(file, b);
}

/**
 * Overwrites the `count` pages in use nearest the middle of an SQLite file. A DB that went through
 * checkpoints has free pages (rows moved into segments), and bytes changed there change no row: such
 * damage is nothing to report, and a case that hit only them would measure nothing.
 */
function garbleLivePages(file: string, count: number): void {
  const b = fs.readFileSync(file);
  const raw = b.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = Math.floor(b.length / pageSize);
  const free = freePages(b, pageSize, pages);
  const live = Array.from({ length: pages - 1 }, (_, i) => i + 2).filter((p) => !free.has(p));
  live.sort((x, y) => Math.abs(x - pages / 2) - Math.abs(y - pages / 2));
  for (const p of live.slice(0, count)) for (let i = 0; i < pageSize; i++) b[(p - 1) * pageSize + i] = junk(i);
  fs.writeFileSync(file, b);
}

/** The pages on the DB's freelist (trunk pages and their leaves; header offset 32 names the first trunk). */
function freePages(b: Buffer, pageSize: number, pages: number): Set<number> {
  const free = new Set<number>();
  for (let trunk = b.readUInt32BE(32); trunk > 0 && trunk <= pages && !free.has(trunk); ) {
    free.add(trunk);
    const at = (trunk - 1) * pageSize;
    const leaves = b.readUInt32BE(at + 4);
    for (let i = 0; i < leaves; i++) free.add(b.readUInt32BE(at + 8 + 4 * i));
    trunk = b.readUInt32BE(at);
  }
  return free;
}

const truncateHalf = (file: string): void => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
const empty = (file: string): void => fs.truncateSync(file, 0);

/** A line of garbage between two whole lines in the middle of a journal. */
function garbageLine(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  fs.writeFileSync(file, text.slice(0, at) + '{"o":"ps","s":"?" this is not a record}\tdeadbeef\n' + text.slice(at));
}

/** sql.js straight from node_modules: the suite reads the DB file as any SQLite reader would, not through the store. */
export function loadSql(): Promise<initSqlJs.SqlJsStatic> {
  const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
  return initSqlJs({ locateFile: () => wasm });
}

export const DAMAGES: Damage[] = [
  { name: 'control (no damage)', target: 'none', apply: () => undefined },
  { name: 'DB truncated', target: 'db', apply: truncateHalf },
  { name: 'DB garbled', target: 'db', apply: (f) => garbleLivePages(f, 8) },
  { name: 'DB zero-length', target: 'db', apply: empty },
  { name: 'DB not a database', target: 'db', apply: (f) => fs.writeFileSync(f, 'this is a text file, not SQLite\n'.repeat(200)) },
  { name: 'journal truncated', target: 'journal', apply: truncateHalf },
  { name: 'journal garbled', target: 'journal', apply: (f) => garble(f, 200) },
  { name: 'journal garbage line', target: 'journal', apply: garbageLine },
  { name: 'journal zero-length', target: 'journal', apply: empty },
  { name: 'segment truncated', target: 'segment', apply: truncateHalf },
  { name: 'segment garbled', target: 'segment', apply: (f) => garble(f, 200) },
  { name: 'segment zero-length', target: 'segment', apply: empty },
  { name: 'segment deleted', target: 'segment', apply: (f) => fs.rmSync(f) },
];

export function journals(home: string): string[] {
  return fs.readdirSync(home).filter((n) => n.startsWith(`${DB}.journal-`)).sort((a, b) => seq(a) - seq(b)).map((n) => path.join(home, n));
}

const seq = (name: string): number => Number(/-(\d+)$/.exec(name)?.[1] ?? 0);

export function segments(home: string): string[] {
  const root = path.join(home, `${DB}.segments`);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)).filter((n) => n.endsWith('.seg.gz')).sort().map((n) => path.join(root, d, n)));
}

/** The file a damage acts on, in a killed run's home. */
export function targetFile(home: string, target: Target): string | undefined {
  if (target === 'db') return path.join(home, DB);
  if (target === 'journal') return journals(home).at(-1);
  if (target === 'segment') return segments(home)[0];
  return undefined;
}

/**
 * Whether a killed run is worth damaging: each file holds steps the store needs. The main DB refers
 * to a segment file (a segment written before the checkpoint that records it is not yet needed:
 * deleting it loses nothing), and the newest journal holds `journalSteps` steps the DB does not (a
 * journal whose steps a checkpoint already wrote to the DB is not needed either). Files are read
 * only when they changed.
 */
export function damageableProbe(sql: initSqlJs.SqlJsStatic, home: string, journalSteps: number): () => boolean {
  let dbMtime = 0;
  let dbLast = Infinity;
  let seen = '';
  let ready = false;
  return () => {
    try {
      const mtime = fs.statSync(path.join(home, DB)).mtimeMs;
      if (mtime !== dbMtime) {
        dbMtime = mtime;
        dbLast = lastStepInDb(sql, path.join(home, DB));
        seen = '';
      }
      const newest = journals(home).at(-1);
      if (!newest || dbLast === Infinity || segments(home).length === 0) return false;
      const key = `${newest}:${fs.statSync(newest).size}`;
      if (key !== seen) {
        seen = key;
        ready = stepsBeyond(newest, dbLast) >= journalSteps;
      }
      return ready;
    } catch {
      return false; // not written yet, or renamed meanwhile
    }
  };
}

/** The last step index the DB holds (rows or segments), or Infinity while it refers to no segment. */
function lastStepInDb(sql: initSqlJs.SqlJsStatic, file: string): number {
  const conn = new sql.Database(fs.readFileSync(file));
  try {
    const one = (q: string): number | null => (conn.exec(q)[0]?.values[0][0] as number | null) ?? null;
    if ((one('SELECT count(*) FROM segments') ?? 0) === 0) return Infinity;
    return Math.max(one('SELECT max(last_idx) FROM segments') ?? -1, one('SELECT max(idx) FROM steps') ?? -1);
  } finally {
    conn.close();
  }
}

/** Finished steps in a journal beyond step index `last` (a journal line is a record, a tab and its checksum). */
function stepsBeyond(journal: string, last: number): number {
  let n = 0;
  for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
    try {
      const op = JSON.parse(line.split('\t')[0]) as { o?: string; v?: { index?: number; status?: string } };
      if ((op.o === 'pw' || op.o === 'ps') && op.v?.status === 'completed' && (op.v.index ?? -1) > last) n++;
    } catch {
      // a torn last line
    }
  }
  return n;
}
