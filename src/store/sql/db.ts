// A thin wrapper over one sql.js Database: cached prepared statements (putStep runs the same
// SQL a million times) and one long-lived write transaction. Durability does not come from
// SQLite commits here (the journal provides it), and a commit costs a copy of every page it
// dirtied into the in-memory file (~30 KB per chain step if each step committed alone). So writes
// join an open transaction that is committed only before an export (checkpoint), before close,
// and every `maxTxOps` writes to bound SQLite's in-memory rollback journal.
import type initSqlJs from 'sql.js';
import { withFastHeapCopies as fast } from './heapCopy';

type Database = initSqlJs.Database;
type Statement = initSqlJs.Statement;
export type SqlValue = initSqlJs.SqlValue;
export type Row = Record<string, SqlValue>;

export class Db {
  private readonly stmts = new Map<string, Statement>();
  private inTx = false;
  private txOps = 0;
  private atomicDepth = 0;

  constructor(
    readonly raw: Database,
    private readonly maxTxOps = 50_000,
  ) {
    // The in-memory DB needs no SQLite rollback journal on disk nor fsyncs: our journal file is the
    // durability layer. MEMORY (not OFF) keeps ROLLBACK working if a statement fails mid-transaction.
    // A page cache larger than the (bounded) main DB keeps dirty pages from spilling into the
    // in-memory file mid-transaction, which would copy them twice.
    fast(() => raw.exec('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;'));
  }

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs a write inside the lazy transaction; returns the number of rows it changed. */
  run(sql: string, params: SqlValue[] = []): number {
    return fast(() => {
      this.beginWrite();
      const s = this.stmt(sql);
      try {
        s.run(params);
      } finally {
        s.reset();
      }
      return this.raw.getRowsModified();
    });
  }

  get(sql: string, params: SqlValue[] = []): Row | undefined {
    return fast(() => {
      const s = this.stmt(sql);
      try {
        s.bind(params);
        return s.step() ? s.getAsObject() : undefined;
      } finally {
        s.reset();
      }
    });
  }

  all(sql: string, params: SqlValue[] = []): Row[] {
    return fast(() => {
      const s = this.stmt(sql);
      const rows: Row[] = [];
      try {
        s.bind(params);
        while (s.step()) rows.push(s.getAsObject());
      } finally {
        s.reset();
      }
      return rows;
    });
  }

  /** Multi-statement SQL without parameters (DDL, pragmas). Commits first so DDL never mixes with a burst. */
  exec(sql: string): void {
    this.commit();
    fast(() => this.raw.exec(sql));
  }

  /** SQL without parameters run inside the current transaction (savepoints, pragmas). */
  execInTx(sql: string): void {
    fast(() => this.raw.exec(sql));
  }

  /** Runs fn in the (lazy) transaction; a throw rolls back only what fn did, via a savepoint. */
  atomically<T>(fn: () => T): T {
    this.beginWrite();
    this.execInTx('SAVEPOINT mf_atomic');
    this.atomicDepth++;
    try {
      const out = fn();
      this.execInTx('RELEASE mf_atomic');
      return out;
    } catch (err) {
      this.execInTx('ROLLBACK TO mf_atomic; RELEASE mf_atomic');
      throw err;
    } finally {
      this.atomicDepth--;
    }
  }

  private beginWrite(): void {
    if (!this.inTx) {
      fast(() => this.raw.exec('BEGIN'));
      this.inTx = true;
      this.txOps = 0;
    }
    // The periodic commit must not fall inside a savepoint: COMMIT would end it early.
    if (++this.txOps >= this.maxTxOps && this.atomicDepth === 0) {
      this.commit();
      this.beginWrite();
    }
  }

  commit(): void {
    if (!this.inTx) return;
    this.inTx = false;
    fast(() => this.raw.exec('COMMIT'));
  }

  /** A consistent image of the whole DB. export() throws "busy" inside a write transaction. */
  export(): Uint8Array {
    this.commit();
    return fast(() => this.raw.export());
  }

  close(): void {
    this.commit();
    fast(() => {
      for (const s of this.stmts.values()) s.free();
      this.raw.close();
    });
    this.stmts.clear();
  }
}
