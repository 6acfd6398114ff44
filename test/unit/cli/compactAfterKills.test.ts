// The main DB after crash recoveries is as small as after a run never killed. Each recovery replays
// the dead process's journal into SQL and moves those steps straight out to segment files again,
// which left thousands of free pages behind (68.7 MB, 16,770 of 16,784 pages free, after 7 kills of a
// 16-disk run, against 0.57 MB uninterrupted), exported again at every checkpoint. Real CLI processes
// on the simulated model, SIGKILLed mid-run, resumed to the end.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { CLI, ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTempDir } from '../../support/fixtures';

const ARGS = ['--domain', 'hanoi', '--disks', '13', '--llm-provider', 'simulated', '--error-rate', '0.01', '--seed', '4', '--latency-ms', '1', '-q'];
const KILLS = 4;
/** ~1,000 steps journaled since the killed process's last checkpoint. */
const JOURNAL_AT_KILL = 600_000;

/** The main DB file's size and free pages, read with SQLite itself. */
async function mainDb(home: string): Promise<{ bytes: number; pages: number; free: number }> {
  const SQL = await initSqlJs();
  const bytes = readFileSync(join(home, 'sessions.sqlite3'));
  const db = new SQL.Database(bytes);
  try {
    const pragma = (name: string): number => Number(db.exec(`PRAGMA ${name}`)[0].values[0][0]);
    return { bytes: bytes.length, pages: pragma('page_count'), free: pragma('freelist_count') };
  } finally {
    db.close();
  }
}

/** Bytes of the journal files a process has written and not yet checkpointed. */
function journaled(home: string, pid: number): number {
  return readdirSync(home)
    .filter((f) => f.startsWith(`sessions.sqlite3.journal-${pid}-`))
    .reduce((n, f) => n + (statSync(join(home, f), { throwIfNoEntry: false })?.size ?? 0), 0);
}

/**
 * Runs the CLI; with `killAtBytes`, SIGKILLs it once its journal holds that much (steps since its
 * last checkpoint, which the next process replays): progress, not time, on a machine whose load varies.
 */
async function cli(home: string, args: string[], killAtBytes?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, MICROFACTORY_HOME: home }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  if (killAtBytes !== undefined) {
    let done = false;
    void exited.then(() => (done = true));
    while (!done && journaled(home, child.pid!) < killAtBytes) await new Promise((r) => setTimeout(r, 10));
    if (!done) child.kill('SIGKILL');
  }
  return exited;
}

describe('the main DB after crash recoveries (CLI, SIGKILL)', function () {
  this.timeout(240_000);
  before(ensureCliBuilt);

  it(`after ${KILLS} kills and resumes it has the size and free pages of an uninterrupted run`, async () => {
    const clean = makeTempDir('mf-compact-clean-');
    const killed = makeTempDir('mf-compact-killed-');
    try {
      assert.equal((await cli(clean.path, ['run', ...ARGS])).code, 0);
      const first = await cli(killed.path, ['run', ...ARGS], JOURNAL_AT_KILL);
      assert.equal(first.signal, 'SIGKILL', 'the run was killed mid-way');
      const id = JSON.parse((await runCli(['status', '--json'], { home: killed.path })).stdout).sessions[0].session_id as string;
      for (let k = 2; k <= KILLS; k++) assert.equal((await cli(killed.path, ['resume', '--session-id', id, '-q'], JOURNAL_AT_KILL)).signal, 'SIGKILL', `resume ${k - 1} ended before its kill`);
      assert.equal((await cli(killed.path, ['resume', '--session-id', id, '-q'])).code, 0, 'the last resume completes');
      const detail = JSON.parse((await runCli(['status', '--session-id', id, '--json'], { home: killed.path })).stdout);
      assert.equal(detail.status, 'completed');
      assert.equal(detail.steps_completed, 8191);

      const a = await mainDb(clean.path);
      const b = await mainDb(killed.path);
      console.log(`      main DB: uninterrupted ${a.bytes} bytes (${a.free} of ${a.pages} pages free), after ${KILLS} kills ${b.bytes} bytes (${b.free} of ${b.pages} pages free)`);
      assert.ok(b.bytes <= Math.max(2 * a.bytes, a.bytes + 256 * 1024), `the main DB is ${b.bytes} bytes after kills, ${a.bytes} uninterrupted`);
      assert.ok(b.free <= Math.max(2 * a.free, 64), `${b.free} free pages after kills, ${a.free} uninterrupted`);
    } finally {
      clean.cleanup();
      killed.cleanup();
    }
  });
});
