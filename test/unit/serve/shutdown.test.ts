// `microfactory serve` as a process: SIGTERM stops accepting, cancels the runs it started (saved
// as cancelled and resumable), closes the store and exits 0.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';
import { get, post, SseReader, startServe } from './harness';

describe('serve: shutdown', function () {
  this.timeout(60_000);
  let home: TmpDir;
  let child: ChildProcess | undefined;
  before(() => ensureCliBuilt());
  beforeEach(() => (home = makeTmpDir('mf-serve-')));
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    home.cleanup();
  });

  it('on SIGTERM cancels its runs (resumable), closes the store and exits 0', async () => {
    const s = await startServe(home.path);
    child = s.child;
    const stream = await SseReader.open(s.url, '/events');
    const r = await post(s.url, '/sessions', { domain: 'hanoi', disks: 10, latencyMs: 10 });
    assert.equal(r.status, 202, r.text);
    const id = r.json.session_id;
    await stream.until((x) => x.events.filter((e) => e.event === 'step_completed').length >= 3, 20_000, 'three steps');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0, s.stderr());
    // Event clients saw the run end as cancelled before the server said goodbye.
    await stream.until((x) => x.ended, 5000, 'end of stream');
    const names = stream.events.map((e) => e.event);
    const fin = stream.events.find((e) => e.event === 'session_finished');
    assert.equal(fin?.data.status, 'cancelled');
    assert.ok(names.indexOf('session_finished') < names.indexOf('shutdown'));
    // Saved as cancelled and resumable by the CLI.
    const status = JSON.parse((await runCli(['status', '--session-id', id, '--json', '--steps', '0'], { home: home.path })).stdout);
    assert.equal(status.status, 'cancelled');
    assert.equal(status.wait_state.trigger, 'cancelled');
    assert.ok(status.steps_completed >= 3 && status.steps_completed < 1023);
    const resumed = await runCli(['resume', '--session-id', id, '-q', '--json', '--latency-ms', '0'], { home: home.path });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(JSON.parse(resumed.stdout).steps_completed, 1023);
  });

  it('exits 0 on SIGINT when idle, and refuses a port in use with exit 2', async () => {
    const s = await startServe(home.path);
    child = s.child;
    assert.equal((await get(s.url, '/health')).status, 200);
    const port = new URL(s.url).port;
    const clash = await runCli(['serve', '--port', port], { home: home.path });
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /EADDRINUSE/);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    assert.deepEqual(await exited, [0, null]);
  });
});
