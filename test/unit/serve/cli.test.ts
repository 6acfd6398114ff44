// The original tool's `serve` flags and `status --json` fields through the real CLI process:
// --bind, --limit and --poll-interval-ms take effect; a bad value is one line naming the flag,
// exit 2, before the store is even opened.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { openStore } from '../../../src/store';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeSession, T0 } from '../../support/store-fixtures';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';
import { get, SseReader, startServe } from './harness';

describe('serve and status from the CLI: the original tool\'s flags and fields', function () {
  this.timeout(60_000);
  let home: TmpDir;
  let child: ChildProcess | undefined;
  before(() => ensureCliBuilt());
  beforeEach(() => (home = makeTmpDir('mf-serve-cli-')));
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    home.cleanup();
  });

  async function seed(ids: string[]): Promise<void> {
    const store = await openStore(path.join(home.path, 'sessions.sqlite3'));
    ids.forEach((id, i) => store.createSession(makeSession(id, 'chain', { updatedAt: `2025-01-01T00:00:0${i}.000Z` })));
    await store.close();
  }

  it('refuses bad serve flags with one line naming the flag, exit 2, creating nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--poll-interval-ms', '50'], /--poll-interval-ms must be an integer \(at least 200/],
      [['--poll-interval-ms', '99999999999'], /--poll-interval-ms .*at most 3600000/],
      [['--poll-interval-ms', 'soon'], /--poll-interval-ms/],
      [['--limit', '0'], /--limit must be an integer \(at least 1\)/],
      [['--limit', '6000'], /--limit must be an integer from 1 to 5000/],
      [['--bind', '10.0.0.1'], /refusing to listen on 10\.0\.0\.1 without --token/],
      [['--bind', '127.0.0.1', '--host', '::1'], /--bind and --host/],
    ];
    for (const [args, pattern] of cases) {
      const r = await runCli(['serve', '--port', '0', ...args], { home: home.path, timeoutMs: 15_000 });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, pattern);
      assert.ok(!existsSync(path.join(home.path, 'sessions.sqlite3')), `${args.join(' ')} opened the store`);
    }
  });

  it('serve --bind --limit --poll-interval-ms: the list and the stream honour them', async () => {
    await seed(['a', 'b', 'c']);
    const s = await startServe(home.path, ['--bind', '127.0.0.1', '--limit', '1', '--poll-interval-ms', '200']);
    child = s.child;
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const list = (await get(s.url, '/sessions')).json;
    assert.deepEqual(list.sessions.map((x: { session_id: string }) => x.session_id), ['c']);
    const stream = await SseReader.open(s.url, '/sessions/stream');
    try {
      const t0 = Date.now();
      await stream.until((r) => r.events.length >= 2, 10_000, 'two snapshots');
      assert.ok(Date.now() - t0 >= 150, 'the second snapshot waited for the poll interval');
      assert.deepEqual(stream.events[1].data, list);
    } finally {
      stream.close();
    }
    const exited = once(s.child, 'exit');
    s.child.kill('SIGTERM');
    assert.equal((await exited)[0], 0, s.stderr());
  });

  it('status --json carries the original fields beside ours', async () => {
    await seed(['x']);
    const listed = await runCli(['status', '--json'], { home: home.path });
    assert.equal(listed.code, 0, listed.stderr);
    const [row] = JSON.parse(listed.stdout).sessions;
    assert.deepEqual([row.session_id, row.status, row.prompt, row.domain, row.updated_at], ['x', 'running', 'prompt of x', 'hanoi', Date.parse(T0) / 1000]);
    assert.equal(row.steps_completed, 0, 'ours stays');
    const run = await runCli(['run', '--domain', 'hanoi', '--disks', '2', '--llm-provider', 'simulated', '--k', '2', '-q', '--json'], { home: home.path });
    assert.equal(run.code, 0, run.stderr);
    const id = JSON.parse(run.stdout).session_id;
    const shown = await runCli(['status', '--session-id', id, '--json'], { home: home.path });
    assert.equal(shown.code, 0, shown.stderr);
    const d = JSON.parse(shown.stdout);
    assert.equal(d.session_id, id);
    assert.equal(typeof d.updated_at, 'number');
    assert.equal(d.completed_steps, 3);
    assert.equal(d.total_steps, 3);
    assert.equal(d.wait_state, null);
    assert.deepEqual([d.pending_decompositions, d.pending_solutions], [{}, {}]);
    // The options the user gave, under the original's names too (unset ones are null: the config decides).
    assert.deepEqual([d.metadata.llm_provider, d.metadata.k, d.metadata.llm_model, d.metadata.provider], ['simulated', 2, null, 'simulated']);
    assert.equal(d.metrics.sample_count, d.metrics.samples);
    assert.equal(d.steps.length, 3);
    assert.ok(d.steps.every((s: { winning_solution: unknown; children: unknown }) => typeof s.winning_solution === 'string' && Array.isArray(s.children)));
  });
});
