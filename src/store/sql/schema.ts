// Schema and migrations. Rows per session, per step and per sample (never one JSON blob per
// session), so a step write touches one row and costs the same at step 10 and step 1,000,000.
// Fields with a dedicated column are the ones we query or sort by; everything else of a record
// goes to JSON columns (and `extra`, so fields added to model.ts later survive a round trip).
import type { Db } from './db';

export const SCHEMA_VERSION = 1;

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      prompt TEXT NOT NULL,
      domain TEXT NOT NULL,
      flow TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      wait_state TEXT,
      metrics TEXT NOT NULL,
      metadata TEXT NOT NULL,
      error TEXT,
      extra TEXT
    );
    CREATE INDEX sessions_by_updated ON sessions (updated_at DESC, id);
    CREATE TABLE steps (
      session_id TEXT NOT NULL,
      step_id TEXT NOT NULL,
      parent_id TEXT,
      idx INTEGER NOT NULL,
      depth INTEGER NOT NULL,
      status TEXT NOT NULL,
      phase TEXT NOT NULL,
      description TEXT NOT NULL,
      contested INTEGER NOT NULL DEFAULT 0,
      input TEXT,
      winner_text TEXT,
      output TEXT,
      child_ids TEXT,
      change_set TEXT,
      metrics TEXT NOT NULL,
      extra TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX steps_by_id ON steps (session_id, step_id);
    -- Children of a step in order; with parent_id NULL it is also the chain lookup: chain steps are
    -- the root steps, and lastCompletedChainStep walks it backwards from the highest index (steps
    -- complete in order, so it stops at once). A separate partial index only slowed every insert.
    CREATE INDEX steps_by_parent ON steps (session_id, parent_id, idx);
    CREATE TABLE samples (
      session_id TEXT NOT NULL,
      step_id TEXT NOT NULL,
      role TEXT NOT NULL,
      seq INTEGER NOT NULL,
      text TEXT NOT NULL,
      key TEXT,
      flags TEXT NOT NULL,
      flagged INTEGER NOT NULL,
      rejected INTEGER, -- NULL: not set, 0: false, 1: rejected by a human
      body TEXT NOT NULL,
      PRIMARY KEY (session_id, step_id, role, seq)
    );
    -- Files holding old chain steps (chain/segmentFile.ts): append-only while open, then sealed.
    CREATE TABLE segments (
      session_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      first_idx INTEGER NOT NULL,
      last_idx INTEGER NOT NULL,
      steps INTEGER NOT NULL,
      samples INTEGER NOT NULL,
      status_counts TEXT NOT NULL,
      max_completed_idx INTEGER,
      file TEXT NOT NULL,
      bytes INTEGER NOT NULL, -- the file is valid up to here (a crashed append may have left more)
      sealed INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (session_id, seq)
    );
  `,
};

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`The session store was written by a newer Microfactory (schema ${found}, this build knows ${SCHEMA_VERSION}). Update Microfactory to open it.`);
    this.name = 'SchemaTooNewError';
  }
}

/** Brings a DB (new or old) to SCHEMA_VERSION. Throws on a DB from a newer build rather than guess. */
export function migrate(db: Db): void {
  const hasVersionTable = db.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`);
  if (!hasVersionTable) {
    // No auto_vacuum on purpose: pages freed by retiring steps are reused by the next ones, so the file
    // plateaus at a bounded size; shrinking it would make the in-memory file regrow (and be
    // copied) again after every checkpoint.
    db.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0);`);
  }
  const current = Number(db.get('SELECT version FROM schema_version')?.version ?? 0);
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(current);
  for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
    db.exec(`BEGIN; ${MIGRATIONS[v]}; UPDATE schema_version SET version = ${v}; COMMIT;`);
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.get('SELECT value FROM meta WHERE key = ?', [key]);
  return row ? String(row.value) : undefined;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}
