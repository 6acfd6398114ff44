// A `microfactory run` process killed with SIGKILL in the middle of a chain loses no finished
// step: `resume` picks up where it was, reaches the same final state, and pays only for the
// steps that were not finished (counted as requests at a real HTTP model server).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function cli(home: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, MICROFACTORY_HOME: home }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Like cli(), but without blocking this process: the model server lives in it. */
function cliAsync(home: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, MICROFACTORY_HOME: home } });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('SIGKILL mid-run, then resume', function () {
  this.timeout(120_000);

  it('keeps every finished step, redoes only the unfinished ones, and solves the puzzle', async () => {
    const tmp = makeTempDir('mf-kill-');
    const server = await startHanoiServer({ errorRate: 0.02, seed: 3, latencyMs: 1, record: false });
    try {
      // --sampling separate: one request per sample, so the server's request count is a sample count.
      const args = ['--domain', 'hanoi', '--disks', '7', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--api-key', 'x', '--sampling', 'separate', '-q', '--json'];
      const child = spawn(process.execPath, [CLI, 'run', ...args], { env: { ...process.env, MICROFACTORY_HOME: tmp.path }, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      // Kill it once a good share of the 127 steps has been asked for.
      while (server.total < 150) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');

      const listed = JSON.parse(cli(tmp.path, ['status', '--json']).out);
      assert.equal(listed.sessions.length, 1);
      const id = listed.sessions[0].session_id;
      const before = JSON.parse(cli(tmp.path, ['status', '--session-id', id, '--json', '--steps', '200']).out);
      const finished = before.steps.filter((s: { status: string }) => s.status === 'completed').length;
      assert.ok(finished >= 30 && finished < 127, `${finished} steps finished before the kill`);

      const requestsBefore = server.total;
      // The killed run is still stored as running, but its lease names a dead pid: status calls it
      // interrupted, and a plain resume (no --force) takes it over.
      assert.equal(listed.sessions[0].status, 'running');
      assert.equal(listed.sessions[0].state, 'interrupted');
      assert.equal(listed.sessions[0].owner.pid, child.pid);
      assert.equal(listed.sessions[0].owner.live, false);
      assert.match(cli(tmp.path, ['status']).out, new RegExp(`${id}\\s+interrupted\\s`));
      const resumed = await cliAsync(tmp.path, ['resume', '--session-id', id, '--json', '-q']);
      assert.equal(resumed.code, 0, resumed.err);
      const result = JSON.parse(resumed.out);
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.check, { moves: 127, illegal: 0, solved: true });

      const after = JSON.parse(cli(tmp.path, ['status', '--session-id', id, '--json', '--steps', '200']).out);
      assert.equal(after.steps.length, 127);
      // The finished steps are untouched: same winner, same sample count.
      for (const s of before.steps.filter((x: { status: string }) => x.status === 'completed')) {
        const same = after.steps.find((x: { id: string }) => x.id === s.id);
        assert.deepEqual({ votes: same.votes, samples: same.samples_requested }, { votes: s.votes, samples: s.samples_requested }, `step ${s.id}`);
      }
      // The resume paid exactly for what the killed run had not: the steps that were not finished,
      // less the requests a step cut off mid-race had already made (its paid answers were journaled
      // as they landed, and its race goes on with them).
      type Sampled = { status: string; samples_requested: number };
      const sum = (steps: Sampled[]): number => steps.reduce((n, s) => n + s.samples_requested, 0);
      const paidBefore = sum(before.steps.filter((s: Sampled) => s.status !== 'completed'));
      assert.equal(server.total - requestsBefore, sum(after.steps.slice(finished)) - paidBefore);
    } finally {
      await server.close();
      tmp.cleanup();
    }
  });
});

describe('two processes on one store', function () {
  this.timeout(120_000);

  it('both complete and both are listed', async () => {
    const tmp = makeTempDir('mf-two-');
    try {
      const runOne = (seed: string) =>
        new Promise<number | null>((resolve) => {
          const c = spawn(process.execPath, [CLI, 'run', '--domain', 'hanoi', '--disks', '9', '--seed', seed, '--latency-ms', '1', '-q'], {
            env: { ...process.env, MICROFACTORY_HOME: tmp.path },
            stdio: 'ignore',
          });
          c.on('exit', (code) => resolve(code));
        });
      const codes = await Promise.all([runOne('1'), runOne('2')]);
      assert.deepEqual(codes, [0, 0]);
      const listed = JSON.parse(cli(tmp.path, ['status', '--json']).out).sessions;
      assert.equal(listed.length, 2);
      for (const s of listed) {
        assert.equal(s.status, 'completed');
        assert.equal(s.steps_completed, 511);
        const steps = cli(tmp.path, ['export', '--session-id', s.session_id]).out.trim().split('\n');
        assert.equal(steps.length, 511);
      }
    } finally {
      tmp.cleanup();
    }
  });
});
