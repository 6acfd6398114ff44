// One key space and one reading of a tally, on tallies the flows really store: a tally names its
// winner among its own counts (the tree flow's judges vote by option number, yet the stored
// counts are keyed by candidate, like the winner), and race.ts's numbers-only isUnanimous and
// isContested agree with what the counts say, in both flows, through the real sql.js store.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDeps } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import type { StepRecord, VoteTally } from '../../../src/engine/model';
import { isContested, isUnanimous } from '../../../src/engine/race';
import { openStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';
import { LOW_MARGIN_SCRIPT, makeTreeFixture } from '../../support/treeFixture';

/** Every tally of the steps, checked against its own counts; returns them for further checks. */
function checkTallies(steps: StepRecord[]): VoteTally[] {
  const tallies = steps.flatMap((st) => [st.metrics.tally, st.metrics.decompositionTally]).filter((t): t is VoteTally => !!t);
  for (const t of tallies) {
    const keys = Object.keys(t.counts);
    const what = JSON.stringify(t);
    assert.ok(t.winner !== undefined && keys.includes(t.winner), `winner among the counts: ${what}`);
    assert.equal(isUnanimous(t), keys.length === 1, `isUnanimous: ${what}`);
    assert.equal(isContested(t), keys.length > 1 || t.decidedBy !== 'lead', `isContested: ${what}`);
  }
  return tallies;
}

describe('engine: tallies the flows store', function () {
  this.timeout(60_000);

  it('tree flow: judge, pool and exact tallies name their winner by candidate key, among the counts', async () => {
    // Part A: a contested judge race (votes 1, 2, 3, 1, 1); part B: a unanimous judge race over two
    // answers; the root's decomposition: a pool with a single answer (no judge race).
    const script = {
      ...LOW_MARGIN_SCRIPT,
      solver: [...LOW_MARGIN_SCRIPT.solver.slice(0, 3), { when: 'Solve: Write part B', text: 'B first' }, { when: 'Solve: Write part B', text: 'B second', repeat: true }],
      solution_discriminator: [...LOW_MARGIN_SCRIPT.solution_discriminator, { when: 'Judge: Write part B', text: 'OPTION: 2', repeat: true }],
    };
    const fx = makeTreeFixture(script);
    const store = await openStore(fx.storePath);
    try {
      const deps: AppDeps = { store, resourceRoot: REPO_ROOT };
      const run = await startRun({ prompt: 'Write a two part note about voting', domain: 'notes', configPath: fx.configPath, provider: 'scripted', scriptPath: fx.scriptPath }, deps);
      assert.equal((await run.done).waitState?.trigger, 'low_margin');
      const out = await (await resumeRun(run.sessionId, {}, deps)).done;
      assert.equal(out.status, 'completed', out.error);
      const steps = store.getSteps(run.sessionId);
      const tallies = checkTallies(steps);
      assert.ok(tallies.some((t) => isContested(t)) && tallies.some((t) => !isContested(t)), 'both kinds of race were run');
      const a = steps.find((s) => s.id === '1.1')!.metrics.tally!;
      assert.deepEqual(a.counts, { 'A answer one': 3, 'A answer two': 1, 'A answer three': 1 });
      const b = steps.find((s) => s.id === '1.2')!.metrics.tally!;
      assert.deepEqual(b.counts, { 'B second': 2 });
      assert.equal(b.winner, 'B second');
      assert.equal(isUnanimous(b), true, 'every judge named the same candidate');
      assert.equal(steps.find((s) => s.id === '1')!.metrics.decompositionTally!.winner, '1. Write part A\n2. Write part B');
    } finally {
      await store.close();
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });

  it('chain flow: split and unanimous races of a simulated Hanoi run read the same from numbers and counts', async () => {
    const tmp = makeTempDir('mf-tally-');
    const store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    try {
      const deps: AppDeps = { store, resourceRoot: REPO_ROOT };
      const run = await startRun(
        { prompt: 'hanoi', domain: 'hanoi', disks: 7, provider: 'simulated', errorRate: 0.15, seed: 5, thresholds: { lowMargin: 0, redFlags: 0, resamples: 0 } },
        deps,
      );
      const out = await run.done;
      assert.equal(out.status, 'completed', JSON.stringify(out));
      const tallies = checkTallies(store.getSteps(run.sessionId));
      assert.equal(tallies.length, 127);
      assert.ok(tallies.some((t) => isContested(t)) && tallies.some((t) => !isContested(t)), 'both kinds of race were run');
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});
