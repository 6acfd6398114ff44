// `microfactory export … | head -1`: a reader that leaves early is normal in a pipeline. Every
// command that writes to stdout must then end quietly (exit 0, nothing on stderr), not with an
// unhandled EPIPE stack trace. The real dist/cli.js, its stdout a pipe we close.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Bytes read before the reader left. */
  read: number;
}

/** Runs the CLI with stdout piped to a reader that closes after the first chunk (`head -1`), or at once. */
function runIntoClosingReader(args: string[], home: string, when: 'first-chunk' | 'at-once'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: home, env: { ...process.env, MICROFACTORY_HOME: home, MICROFACTORY_LOG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (when === 'at-once') child.stdout.destroy();
    else child.stdout.once('data', (d: Buffer) => {
      read = d.length;
      child.stdout.destroy();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, read });
    });
  });
}

describe('cli: a reader that closes the pipe early (EPIPE)', function () {
  this.timeout(120_000);
  let tmp: TmpDir;
  let home: string;
  let sessionId: string;

  before(async function () {
    this.timeout(120_000);
    ensureCliBuilt();
    tmp = makeTmpDir('mf-pipe-');
    home = tmp.mkdir('home');
    // 1023 steps: export and status print far more than a pipe buffers (64 KiB).
    const r = await runCli(['run', '--domain', 'hanoi', '--disks', '10', '--json', '-q'], { home, timeoutMs: 90_000 });
    assert.equal(r.code, 0, r.stderr);
    sessionId = (JSON.parse(r.stdout) as { session_id: string }).session_id;
  });
  after(() => tmp?.cleanup());

  const cases: [string, () => string[], 'first-chunk' | 'at-once'][] = [
    ['export', () => ['export', '--session-id', sessionId], 'first-chunk'],
    ['status of a session', () => ['status', '--session-id', sessionId, '--steps', '1023'], 'at-once'],
    ['status --json', () => ['status', '--session-id', sessionId, '--steps', '1023', '--json'], 'first-chunk'],
    ['status (list)', () => ['status'], 'at-once'],
    ['domains', () => ['domains'], 'at-once'],
    ['plan', () => ['plan', '--error-rate', '0.01', '--steps', '1000'], 'at-once'],
    ['estimate', () => ['estimate', '--steps', '20', '--disks-min', '3', '--disks-max', '4', '-q'], 'at-once'],
    ['help', () => ['--help'], 'at-once'],
    ['run --help', () => ['run', '--help'], 'at-once'],
  ];
  for (const [name, args, when] of cases) {
    it(`${name}: ends quietly with exit 0`, async () => {
      const r = await runIntoClosingReader(args(), home, when);
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|\n\s+at /, 'no stack trace');
      assert.equal(r.stderr, '');
      assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null });
      if (when === 'first-chunk') assert.ok(r.read > 0, 'the reader saw the first chunk');
    });
  }
});
