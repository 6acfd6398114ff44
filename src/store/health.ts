// The store's health, session by session (`microfactory doctor`), and its repair: what open()
// does not already do on its own. Checks: the DB (schema and an integrity check of the copy in
// memory), each session's steps against its own totals, each segment file it references (present
// and readable), step rows whose session row is gone, and files left aside by earlier recoveries.
// Repair reads the sessions still missing out of moved-aside DB files (sql/salvage.ts), replays
// moved-aside journals whose session now exists, and clears the damage note of sessions found whole.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Durable } from './durability';
import { clearDamage, markDamaged, missingSteps, orphanStepSessions, segmentDamage } from './damage';
import { readJournal } from './journal/journal';
import { opSession } from './journal/op';
import { rowToSession } from './sql/rows';
import { salvage } from './sql/salvage';

export interface SessionHealth {
  id: string;
  state: 'ok' | 'damaged' | 'recovered';
  /** What is wrong, or what a repair brought back; empty when ok. */
  detail: string;
}

export interface StoreHealth {
  file: string;
  /** 'ok', or what is wrong with the database as a whole. */
  db: string;
  sessions: SessionHealth[];
  /** Files earlier recoveries moved aside (damaged DB files, journals of lost sessions). */
  asides: string[];
}

const ASIDE = /\.(corrupt-[^/]+|journal-.+\.unrecovered-\d+)$/;

export function asideFiles(core: Durable): string[] {
  const base = core.paths.base;
  return fs.readdirSync(core.paths.dir).filter((n) => n.startsWith(base) && ASIDE.test(n.slice(base.length))).map((n) => path.join(core.paths.dir, n));
}

/** What is wrong with one session, or undefined. Segment files are read whole: this is the slow, thorough check. */
function problems(core: Durable, id: string): string[] {
  const out: string[] = [];
  const lost = missingSteps(core.db, id);
  if (lost) out.push(lost);
  for (const row of core.segments.list(id)) {
    try {
      core.segments.load(row);
    } catch (err) {
      out.push(segmentDamage(err));
    }
  }
  return out;
}

export function checkHealth(core: Durable): StoreHealth {
  const verdict = String(Object.values(core.db.get('PRAGMA quick_check') ?? { v: 'no answer' })[0]);
  const sessions: SessionHealth[] = [];
  for (const r of core.db.all('SELECT * FROM sessions ORDER BY created_at, id')) {
    const s = rowToSession(r);
    const found = problems(core, s.id);
    const notes = [...new Set([...(s.damage ? s.damage.split('; ') : []), ...found])];
    sessions.push({ id: s.id, state: notes.length ? 'damaged' : 'ok', detail: notes.join('; ') });
  }
  for (const id of orphanStepSessions(core.db)) sessions.push({ id, state: 'damaged', detail: 'its session record is lost; only step rows remain' });
  for (const file of asideFiles(core).filter((f) => f.includes('.corrupt-'))) {
    for (const id of missingFrom(core, file)) sessions.push({ id, state: 'damaged', detail: `only in the set-aside ${path.basename(file)}; --repair recovers it` });
  }
  return { file: core.paths.db, db: verdict === 'ok' ? 'ok' : verdict, sessions, asides: asideFiles(core) };
}

/**
 * Rebuilds what can be rebuilt, then checks again; the caller checkpoints. Sessions that came back
 * (from a moved-aside file, or whole again) are reported as recovered.
 */
export function repair(core: Durable): StoreHealth {
  const recovered = new Map<string, string>();
  for (const file of asideFiles(core)) {
    if (file.includes('.corrupt-')) for (const [id, what] of adoptFromDamagedDb(core, file)) recovered.set(id, what);
    else replayAside(core, file, recovered);
  }
  for (const r of core.db.all('SELECT id FROM sessions')) {
    const id = String(r.id);
    const found = problems(core, id);
    if (!found.length && clearDamage(core.db, id)) recovered.set(id, recovered.get(id) ?? 'found whole again; damage note cleared');
    for (const what of found) markDamaged(core.db, id, what);
  }
  core.unjournaled = true;
  const health = checkHealth(core);
  for (const s of health.sessions) {
    const what = recovered.get(s.id);
    if (what) s.detail = s.state === 'ok' ? what : `${what}; still ${s.detail}`;
    if (what && s.state === 'ok') s.state = 'recovered';
  }
  return health;
}

/** Ids of the sessions a moved-aside DB file holds that the store lacks. */
function missingFrom(core: Durable, file: string): string[] {
  const saved = salvage(core.SQL, fs.readFileSync(file));
  try {
    return saved.db.all('SELECT id FROM sessions').map((r) => String(r.id)).filter((id) => !core.db.get('SELECT 1 AS x FROM sessions WHERE id = ?', [id]));
  } finally {
    saved.db.close();
  }
}

/** Copies every row of sessions the DB lacks out of a moved-aside DB file. */
function adoptFromDamagedDb(core: Durable, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const saved = salvage(core.SQL, fs.readFileSync(file));
  try {
    for (const r of saved.db.all('SELECT * FROM sessions')) {
      const id = String(r.id);
      if (core.db.get('SELECT 1 AS x FROM sessions WHERE id = ?', [id])) continue;
      let steps = 0;
      for (const table of ['sessions', 'steps', 'samples', 'segments']) {
        const rows = saved.db.all(`SELECT * FROM ${table} WHERE ${table === 'sessions' ? 'id' : 'session_id'} = ?`, [id]);
        for (const row of rows) {
          const cols = Object.keys(row);
          core.db.run(`INSERT OR IGNORE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]));
        }
        if (table === 'steps') steps = rows.length;
      }
      core.dirty.add(id);
      out.set(id, `recovered from ${path.basename(file)} (${steps} step rows)`);
    }
  } finally {
    saved.db.close();
  }
  return out;
}

/** Replays a moved-aside journal once every session it names has a row; then it is no longer needed. */
function replayAside(core: Durable, file: string, recovered: Map<string, string>): void {
  const ops = readJournal(file).ops;
  const ids = new Set(ops.map(opSession));
  if ([...ids].some((id) => !core.db.get('SELECT 1 AS x FROM sessions WHERE id = ?', [id]))) return;
  core.replay(ops, file);
  core.adoptAside(file);
  for (const id of ids) recovered.set(id, `journal ${path.basename(file)} replayed`);
}
