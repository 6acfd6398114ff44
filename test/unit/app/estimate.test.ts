// `microfactory estimate` (the paper's Fig. 6a method): random points of the optimal solution are
// computed exactly, the per-step error rate of the simulated model is recovered within its 95 %
// interval, red flags are counted apart, and the plan follows from the measured rate.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { estimateHanoi, wilson } from '../../../src/app/estimate';
import { getDomain, loadConfig } from '../../../src/config/load';
import { applyMove, initialState, strategyMove, type Move, type Pegs } from '../../../src/engine/chain/hanoi';
import { moveNumber, stateAfter } from '../../../src/engine/chain/hanoiPosition';
import { kMin } from '../../../src/engine/planner';
import { createLlmRouter } from '../../../src/llm';
import { SimulatedClient } from '../../../src/llm/simulated';
import { makeTmpDir } from '../../support/tmpDir';
import { REPO_ROOT, runCli } from '../../support/cliRun';

const hanoi = () => getDomain(loadConfig(path.join(REPO_ROOT, 'config.yaml')), 'hanoi');

function router(opts: ConstructorParameters<typeof SimulatedClient>[0]) {
  const r = createLlmRouter({ maxConcurrent: 8 });
  r.register('simulated', new SimulatedClient(opts), { retry: false });
  return r;
}

describe('estimate: per-step error rate on random Hanoi steps', function () {
  this.timeout(60_000);

  it('knows every point of the optimal solution without replaying it (the prompt\'s procedure)', () => {
    for (let disks = 1; disks <= 9; disks++) {
      let pegs: Pegs = initialState(disks);
      let previous: Move | null = null;
      for (let t = 0; t < 2 ** disks - 1; t++) {
        assert.deepEqual(stateAfter(disks, t), pegs, `${disks} disks after ${t} moves`);
        const move: Move = strategyMove(pegs, previous, disks)!;
        assert.deepEqual(moveNumber(disks, t + 1), move, `${disks} disks, move ${t + 1}`);
        pegs = applyMove(pegs, move) as Pegs;
        previous = move;
      }
      assert.deepEqual(stateAfter(disks, 2 ** disks - 1), [[], [], initialState(disks)[0]]);
    }
    // And far along a long chain, where replaying would be slow.
    const t = 777_777;
    assert.deepEqual(applyMove(stateAfter(20, t), moveNumber(20, t + 1)), stateAfter(20, t + 1));
  });

  it('recovers the simulated error rate within its 95 % interval, with red flags counted apart', async () => {
    const r = await estimateHanoi(router({ errorRate: 0.05, malformedRate: 0.02, seed: 7 }), hanoi(), {
      steps: 4000, disksMin: 10, disksMax: 20, seed: 3, concurrency: 8, provider: 'simulated', model: 'gpt-4.1-mini',
    });
    assert.equal(r.samples, 4000);
    assert.equal(r.valid + r.redFlags, 4000);
    assert.ok(r.errorRate.low <= 0.05 && 0.05 <= r.errorRate.high, `0.05 not in [${r.errorRate.low}, ${r.errorRate.high}]`);
    assert.ok(r.redFlagRate.low <= 0.02 && 0.02 <= r.redFlagRate.high, `0.02 not in [${r.redFlagRate.low}, ${r.redFlagRate.high}]`);
    assert.deepEqual(Object.keys(r.redFlagsBy), ['format']);
    // The plan is the planner's at the measured rate, for the full 20-disk task.
    assert.equal(r.plan.kMin, kMin(1 - r.errorRate.rate, 2 ** 20 - 1, 0.95));
    assert.ok(r.planLow.kMin <= r.plan.kMin && r.plan.kMin <= r.planHigh.kMin);
    assert.ok(r.tokensIn > 100 && r.tokensOut > 10);
    assert.ok(r.priced && r.costPerSample > 0 && r.plan.expectedCost > 0);
  });

  it('a perfect model has no errors and needs k = 1; the interval still says how sure that is', async () => {
    const r = await estimateHanoi(router({ errorRate: 0, seed: 1 }), hanoi(), { steps: 500, disksMin: 3, disksMax: 12, seed: 1, concurrency: 4, provider: 'simulated', model: 'gpt-4.1-mini' });
    assert.equal(r.errors, 0);
    assert.equal(r.plan.kMin, 1);
    assert.ok(r.errorRate.high > 0 && r.errorRate.high < 0.01);
  });

  it('wilson(): a sound interval near 0 and 1', () => {
    const a = wilson(0, 100);
    assert.equal(a.low, 0);
    assert.ok(a.high > 0.03 && a.high < 0.04);
    const b = wilson(50, 100);
    assert.ok(Math.abs(b.low - 0.404) < 0.001 && Math.abs(b.high - 0.596) < 0.001);
  });

  it('the CLI prints the figures as JSON', async () => {
    const home = makeTmpDir('mf-estimate-');
    try {
      const r = await runCli(['estimate', '--steps', '300', '--error-rate', '0.1', '--disks-min', '5', '--disks-max', '8', '--json'], { home: home.path });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.samples, 300);
      assert.equal(out.provider, 'simulated');
      assert.ok(out.error_rate.low <= 0.1 && 0.1 <= out.error_rate.high);
      assert.equal(out.task.steps, 2 ** 20 - 1);
      assert.equal(typeof out.task.k_min, 'number');
    } finally {
      home.cleanup();
    }
  });
});
