// Reading what is still readable out of a damaged DB file, table by table and row by row, into a
// fresh database. SQLite can often still walk most of a file whose integrity check fails (a torn
// page, a few garbled ones): every row that comes back intact saves a session or a step that
// would otherwise be lost with the file. Rows are read in rowid order in small pages; when a page
// read fails, the reader probes further ahead in growing jumps and goes on from the next readable row.
import { buildDb } from './snapshot';
import type { Db, SqlValue } from './db';
import { withFastHeapCopies } from './heapCopy';
import type { SqlModule } from './sqljs';

/** The tables worth saving, parents first. schema_version is rebuilt by migrate(). */
const TABLES = ['meta', 'sessions', 'steps', 'samples', 'segments'] as const;
const PAGE = 500;
/** Probes after a failed read: rowids up to last + 2^MAX_JUMP are tried. */
const MAX_JUMP = 40;
/** Gaps up to this many rowids are read back one row at a time. */
const MAX_BACKFILL = 100_000;

export interface SalvageResult {
  db: Db;
  /** Rows copied per table. */
  rows: Record<string, number>;
  /** Row ranges that could not be read, and tables that could not be read at all, in words. */
  lost: string[];
}

/** A fresh, migrated DB holding every row of `bytes` that SQLite can still read. */
export function salvage(SQL: SqlModule, bytes: Uint8Array): SalvageResult {
  const db = buildDb(SQL, null);
  const rows: Record<string, number> = {};
  const lost: string[] = [];
  let src: ReturnType<typeof openRaw>;
  try {
    src = openRaw(SQL, bytes);
  } catch (err) {
    return { db, rows, lost: [`the whole file (${(err as Error).message})`] };
  }
  try {
    for (const table of TABLES) {
      const cols = db.all(`SELECT name FROM pragma_table_info('${table}')`).map((r) => String(r.name));
      const insert = `INSERT OR IGNORE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
      rows[table] = copyTable(src, table, cols, (vals) => db.run(insert, vals), lost);
    }
  } finally {
    src.close();
  }
  db.commit();
  return { db, rows, lost };
}

function openRaw(SQL: SqlModule, bytes: Uint8Array) {
  return withFastHeapCopies(() => new SQL.Database(bytes));
}

function copyTable(src: ReturnType<typeof openRaw>, table: string, cols: string[], put: (vals: SqlValue[]) => void, lost: string[]): number {
  const select = `SELECT rowid AS mf_rowid, ${cols.join(', ')} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`;
  const single = `SELECT rowid AS mf_rowid, ${cols.join(', ')} FROM ${table} WHERE rowid = ?`;
  let copied = 0;
  const keep = (r: SqlValue[]): void => {
    try {
      put(r.slice(1));
      copied++;
    } catch {
      // A row whose values broke a constraint (a garbled NOT NULL column): skip just it.
    }
  };
  for (let after = 0; ; ) {
    let page: SqlValue[][];
    try {
      page = readPage(src, select, after);
    } catch (err) {
      const next = probe(src, select, after);
      if (next === undefined) {
        lost.push(`${table}: rows after rowid ${after} (${(err as Error).message})`);
        return copied;
      }
      // Back in the gap the jump skipped, one row at a time: rows on sound pages still read.
      const tooWide = next.from - after > MAX_BACKFILL;
      let missed = tooWide ? next.from - after : 0;
      for (let id = after + 1; !tooWide && id <= next.from; id++) {
        try {
          readPage(src, single, id).forEach(keep);
        } catch {
          missed++;
        }
      }
      if (missed) lost.push(`${table}: ${missed} rowid(s) unreadable between ${after} and ${next.from}`);
      page = next.page;
    }
    if (!page.length) return copied;
    page.forEach(keep);
    after = Number(page[page.length - 1][0]);
  }
}

function readPage(src: ReturnType<typeof openRaw>, select: string, after: number): SqlValue[][] {
  return withFastHeapCopies(() => {
    const res = src.exec(select, [after]);
    return res.length ? res[0].values : [];
  });
}

/** The first readable page past a failed read, trying rowids after+1, +2, +4, ... */
function probe(src: ReturnType<typeof openRaw>, select: string, after: number): { from: number; page: SqlValue[][] } | undefined {
  for (let k = 0; k <= MAX_JUMP; k++) {
    const from = after + 2 ** k;
    try {
      return { from, page: readPage(src, select, from) };
    } catch {
      /* still inside the damaged part */
    }
  }
  return undefined;
}

/** One sentence for the user: what came back, and what did not. */
export function salvageSummary(r: SalvageResult): string {
  const n = (t: string): number => r.rows[t] ?? 0;
  const got = `Recovered from it: ${n('sessions')} session(s), ${n('steps')} step(s), ${n('samples')} sample(s), ${n('segments')} segment record(s).`;
  return r.lost.length ? `${got} Unreadable: ${r.lost.join('; ')}.` : got;
}
