// The benchmark harness itself: its checkpoint windows, and a small real run of the bundle
// (bare loop and engine each in a child process, the independent check, the JSON line).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { checkpointWindow, type CheckpointEvent } from '../../../src/bench/probe';
import { ensureCliBuilt, REPO_ROOT } from '../../support/cliRun';

const ev = (steps: number, ms: number): CheckpointEvent => ({ atStep: 0, steps, ms, cpuMs: ms / 2, bytes: 1024 });

describe('bench harness', () => {
  describe('checkpointWindow', () => {
    const events = [ev(40_000, 800), ev(500, 100), ev(40_000, 400), ev(40_000, 400), ev(1_000, 100), ev(40_000, 400)];

    it('takes whole checkpoints from the start until they cover the steps asked for', () => {
      const w = checkpointWindow(events, 'start', 60_000)!;
      assert.equal(w.checkpoints, 3);
      assert.equal(w.steps, 80_500);
      assert.equal(w.msPer10k, (1300 / 80_500) * 10_000);
      assert.equal(w.cpuMsPer10k, (650 / 80_500) * 10_000);
    });

    it('can skip the first (cold) checkpoint, and takes the end from the last one backwards', () => {
      assert.equal(checkpointWindow(events, 'start', 60_000, 1)!.steps, 80_500);
      assert.equal(checkpointWindow(events, 'start', 60_000, 1)!.checkpoints, 3);
      const end = checkpointWindow(events, 'end', 60_000)!;
      assert.equal(end.checkpoints, 3);
      assert.equal(end.steps, 81_000);
      assert.equal(end.msPer10k, (900 / 81_000) * 10_000);
    });

    it('says null when the run has too few checkpoints', () => {
      assert.equal(checkpointWindow(events, 'end', 1_000_000), null);
      assert.equal(checkpointWindow([], 'start', 1), null);
    });
  });

  it('a 7-disk run: every repetition in a fresh process, checked, and reported as one JSON line', function () {
    this.timeout(120_000);
    ensureCliBuilt();
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'bench.js'), '--disks', '7', '--repeat', '2', '--json-only'], { encoding: 'utf8', timeout: 110_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'only the JSON line with --json-only');
    const f = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.equal(f.steps, 127);
    assert.equal(f.status, 'completed');
    assert.equal(f.illegal, 0);
    assert.equal(f.solved, true);
    assert.equal(f.checked_moves, 127);
    assert.equal(f.k, 2, 'k_min for 127 steps at 0.0022');
    assert.equal(f.repeat, 2);
    assert.equal(String(f.engine_bare_ratios).split(', ').length, 2);
    assert.ok((f.bare_samples as number) >= 254, 'the bare loop draws at least k samples per step');
    assert.ok(Math.abs(f.deviation_pct as number) < 5, `samples per step ${String(f.samples_per_step)} vs theory ${String(f.theory_samples_per_step)}`);
    assert.ok((f.peak_rss_mb as number) > 0 && (f.store_mb as number) > 0);
  });
});
