// One live owner per session (app/lease.ts), through real CLI processes on one store: a resume
// while the run is alive is refused naming its pid, and of two simultaneous resumes of a killed
// run exactly one runs it, so no step is sampled twice (counted at a real HTTP model server).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, runCli } from '../../support/cliRun';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';

interface Listed {
  session_id: string;
  status: string;
  state: string;
  owner: { pid: number; host: string; heartbeat_at: string; live: boolean } | null;
}

async function listed(home: string): Promise<Listed[]> {
  const r = await runCli(['status', '--json'], { home });
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { sessions: Listed[] }).sessions;
}

function spawnRun(home: string, args: string[]): { child: ChildProcess; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { env: { ...process.env, MICROFACTORY_HOME: home }, stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal))) };
}

describe('cli: the lease of a session', function () {
  this.timeout(120_000);

  it('refuses a resume while the run is alive (exit 2, naming its pid); status shows running (pid N)', async () => {
    const tmp = makeTempDir('mf-lease-live-');
    const run = spawnRun(tmp.path, ['--domain', 'hanoi', '--disks', '10', '--latency-ms', '20', '-q', '--json']);
    try {
      // The session reaches the file at the run's first checkpoint (every 5 s).
      let s: Listed | undefined;
      for (let i = 0; i < 200 && !s; i++) {
        s = (await listed(tmp.path))[0];
        if (!s) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(s, 'the running session was listed');
      assert.equal(s.status, 'running');
      assert.equal(s.state, 'running');
      assert.equal(s.owner?.pid, run.child.pid);
      assert.equal(s.owner?.live, true);
      const text = await runCli(['status'], { home: tmp.path });
      assert.match(text.stdout, new RegExp(`${s.session_id}\\s+running \\(pid ${run.child.pid}\\)\\s`));

      const refused = await runCli(['resume', '--session-id', s.session_id, '-q'], { home: tmp.path });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, new RegExp(`^microfactory resume: session ${s.session_id} is running in pid ${run.child.pid} on \\S+ \\(heartbeat \\d+s ago\\); if that process is gone, resume with --force\\n$`));
      assert.equal(run.child.exitCode, null, 'the run goes on');
    } finally {
      run.child.kill('SIGKILL');
      await run.exited;
      tmp.cleanup();
    }
  });

  it('two simultaneous resumes of a killed run: one runs it, the other exits 2, no step sampled twice', async () => {
    const tmp = makeTempDir('mf-lease-race-');
    const server = await startHanoiServer({ errorRate: 0.02, seed: 5, latencyMs: 1, record: false });
    try {
      // --sampling separate: one request per sample, so the server's request count is a sample count.
      const args = ['--domain', 'hanoi', '--disks', '7', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--api-key', 'x', '--sampling', 'separate', '-q', '--json'];
      const run = spawnRun(tmp.path, args);
      while (server.total < 100) await new Promise((r) => setTimeout(r, 5));
      run.child.kill('SIGKILL');
      assert.equal(await run.exited, 'SIGKILL');
      const [killed] = await listed(tmp.path);
      assert.equal(killed.state, 'interrupted');
      const id = killed.session_id;
      const before = JSON.parse((await runCli(['status', '--session-id', id, '--json', '--steps', '200'], { home: tmp.path })).stdout);
      const finished = before.steps.filter((s: { status: string }) => s.status === 'completed').length;
      const requestsBefore = server.total;

      const both = await Promise.all([0, 1].map(() => runCli(['resume', '--session-id', id, '-q', '--json'], { home: tmp.path, timeoutMs: 90_000 })));
      const codes = both.map((r) => r.code).sort();
      assert.deepEqual(codes, [0, 2], both.map((r) => r.stderr).join('\n'));
      const loser = both.find((r) => r.code === 2)!;
      assert.match(loser.stderr, /^microfactory resume: session \S+ is running in pid \d+ on \S+ \(heartbeat \d+s ago\); if that process is gone, resume with --force\n$/);
      assert.equal(JSON.parse(both.find((r) => r.code === 0)!.stdout).status, 'completed');

      // Every model call after the kill is a sample of exactly one unfinished step: one run's worth
      // (less what a step cut off mid-race had paid before the kill: its race goes on with it).
      const after = JSON.parse((await runCli(['status', '--session-id', id, '--json', '--steps', '200'], { home: tmp.path })).stdout);
      assert.equal(after.steps.length, 127);
      type Sampled = { status: string; samples_requested: number };
      const sum = (steps: Sampled[]): number => steps.reduce((n, s) => n + s.samples_requested, 0);
      assert.equal(server.total - requestsBefore, sum(after.steps.slice(finished)) - sum(before.steps.filter((s: Sampled) => s.status !== 'completed')));
      assert.equal(after.state, 'completed');
      assert.equal(after.owner, null, 'the winner released its lease');
    } finally {
      await server.close();
      tmp.cleanup();
    }
  });
});
