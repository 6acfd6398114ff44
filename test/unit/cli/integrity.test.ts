// Damage on disk never lets a session end "completed" with a hole. Each case makes the damage for
// real: a `microfactory run` process killed with SIGKILL, or a finished one, then bytes of its
// journal or segment file overwritten, cut or emptied. The damage must be reported (stderr,
// `status`), and `resume` must end completed with every step, which an independent replay of the
// winning moves (src/engine/chain/hanoiReplay.ts, through the run's JSON `check`) finds legal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTempDir } from '../../support/fixtures';

type Tmp = ReturnType<typeof makeTempDir>;

function journals(home: string): string[] {
  return fs.readdirSync(home).filter((n) => n.includes('.journal-')).map((n) => path.join(home, n));
}

function lines(file: string): number {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').length - 1;
  } catch {
    return 0; // rotated away by a checkpoint meanwhile
  }
}

/** Overwrites `count` bytes in the middle of a file, as a bad disk or a stray writer would. */
function garble(file: string, count = 200): void {
  const b = fs.readFileSync(file);
  const mid = Math.floor(b.length / 2);
  for (let i = 0; i < count && mid + i < b.length; i++) b[mid + i] = 0x41 + (i % 26);
  fs.writeFileSync(file, b);
}

async function json(home: string, args: string[]): Promise<{ out: any; err: string }> {
  const r = await runCli(args, { home });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return { out: JSON.parse(r.stdout), err: r.stderr };
}

/** `resume` ends completed with all `steps`, and every move replays legally. */
async function resumesWhole(home: string, id: string, steps: number): Promise<string> {
  const r = await runCli(['resume', '--session-id', id, '--force', '--json', '-q'], { home, timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.status, 'completed');
  assert.equal(result.steps_completed, steps);
  assert.deepEqual(result.check, { moves: steps, illegal: 0, solved: true });
  const after = (await json(home, ['status', '--session-id', id, '--json', '--steps', '0'])).out;
  assert.deepEqual([after.status, after.steps_completed, after.damaged], ['completed', steps, false]);
  return r.stderr;
}

describe('cli: damage on disk never ends a session completed with a hole', function () {
  this.timeout(90_000);
  let tmp: Tmp;
  before(() => ensureCliBuilt());
  beforeEach(() => (tmp = makeTempDir('mf-integrity-')));
  afterEach(() => tmp.cleanup());

  it('a garbled journal line of a killed run is reported, and resume re-runs the step it held', async () => {
    const home = tmp.path;
    const child = spawn(process.execPath, [CLI, 'run', '--domain', 'hanoi', '--disks', '9', '--latency-ms', '2', '-q'], { env: { ...process.env, MICROFACTORY_HOME: home }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill it once its current journal holds a good number of finished steps.
    for (const t0 = Date.now(); !journals(home).some((j) => lines(j) >= 60); ) {
      assert.ok(Date.now() - t0 < 30_000, 'the run wrote no journal');
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const [journal] = journals(home).sort((a, b) => lines(b) - lines(a));
    garble(journal);

    const listed = await json(home, ['status', '--json']);
    assert.match(listed.err, /line \d+ of .*journal.* is damaged \(checksum mismatch\) and was not applied; it held a step \(with its samples\) of session/);
    const [s] = listed.out.sessions;
    assert.equal(s.damaged, true);
    assert.match(s.damage, /damaged journal line\(s\)/);

    const stderr = await resumesWhole(home, s.session_id, 511);
    assert.match(stderr, /missing from the store; running again from step \d+/);
  });

  for (const [kind, damage] of [
    ['garbled', (f: string) => garble(f)],
    ['truncated', (f: string) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ['empty', (f: string) => fs.truncateSync(f, 0)],
  ] as const) {
    it(`an unreadable (${kind}) segment is moved aside, the session shows as damaged, and resume re-runs its steps`, async () => {
      const home = tmp.path;
      const run = await json(home, ['run', '--domain', 'hanoi', '--disks', '8', '--json', '-q']);
      const id = run.out.session_id;
      const segDir = path.join(home, 'sessions.sqlite3.segments', id);
      const [seg] = fs.readdirSync(segDir);
      damage(path.join(segDir, seg));

      const detail = await json(home, ['status', '--session-id', id, '--json', '--steps', '0']);
      assert.equal(detail.out.damaged, true);
      assert.notEqual(detail.out.status, 'completed');
      assert.equal(detail.out.steps_completed, 0);
      const moved = fs.readdirSync(segDir).filter((n) => n.startsWith(`${seg}.corrupt-`));
      assert.equal(moved.length, 1, 'the bad segment is kept, renamed');
      assert.ok(detail.out.damage.includes(path.join(segDir, moved[0])), detail.out.damage);
      assert.match(detail.err, /segment 0 \(steps 1-255\) is unreadable/);
      const text = await runCli(['status'], { home });
      assert.match(text.stdout, new RegExp(`${id}\\s+\\w+ \\(damaged\\)`));

      await resumesWhole(home, id, 255);
      assert.ok(fs.existsSync(path.join(segDir, moved[0])), 'the moved-aside bytes are never deleted');
    });
  }
});
