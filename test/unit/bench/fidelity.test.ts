// Fidelity: the engine delivers what the paper's math promises. The real Runner and chain flow
// (race, red flags, voting) over the simulated model and an in-memory store, 10 disks (1,023 steps):
//   - p > 0.5: with k from the planner for t = 0.95, at least 90 of 100 seeded runs solve the puzzle;
//   - p < 0.5: more voting does not help, it entrenches the wrong answer (paper Sec. 4).
// Errors are fully correlated here (every wrong sample of a step gives the same wrong answer): the
// paper's worst case and the one its formulas assume. With varied mistakes voting does better
// still, even below p = 0.5 when the right answer remains the most frequent one (last test).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { replayHanoi } from '../../../src/engine/chain/hanoiReplay';
import { getDomain, loadConfig } from '../../../src/config/load';
import { outputKey, type HanoiOutput } from '../../../src/engine/chain/hanoi';
import { moveNumber, stateAfter } from '../../../src/engine/chain/hanoiPosition';
import type { DomainConfig } from '../../../src/engine/config';
import type { StepRecord } from '../../../src/engine/model';
import { kMin, pSub } from '../../../src/engine/planner';
import { Runner } from '../../../src/engine/runner';
import type { RunOverrides } from '../../../src/app/api';
import { engineOptions } from '../../../src/app/options';
import { systemClock } from '../../../src/llm/clock';
import { SimulatedClient } from '../../../src/llm/simulated';
import { REPO_ROOT } from '../../support/cliRun';
import { MemorySessionStore } from '../../support/memoryStore';

const DISKS = 10;
const STEPS = 2 ** DISKS - 1;

interface Outcome {
  solved: boolean;
  steps: StepRecord[];
}

async function run(domain: DomainConfig, errorRate: number, k: number, seed: number, more: Partial<RunOverrides> = {}, correlatedErrors = true): Promise<Outcome> {
  const store = new MemorySessionStore({ keepSamples: false });
  const runner = new Runner({ store, llm: new SimulatedClient({ errorRate, seed, correlatedErrors }), clock: systemClock });
  const id = `fidelity-${errorRate}-${k}-${seed}`;
  const options = engineOptions(domain, { provider: 'simulated', disks: DISKS, k, ...more });
  const r = await runner.start({ id, prompt: 'fidelity', domain, options, metadata: {} }, new AbortController().signal);
  const steps = store.getSteps(id);
  const replay = replayHanoi(DISKS, steps.map((s) => (s.output as HanoiOutput | undefined)?.move));
  return { solved: r.status === 'completed' && replay.illegal === 0 && replay.solved && replay.moves === STEPS, steps };
}

/**
 * Per-step success: one voted step from each of `n` random points of the optimal solution (a run
 * started there with chainStart, stopped after one step), right when it picks the optimal move.
 */
async function stepSuccess(domain: DomainConfig, errorRate: number, k: number, n: number, correlatedErrors = true): Promise<number> {
  let right = 0;
  for (let i = 1; i <= n; i++) {
    const t = (i * 7919) % STEPS; // spread over the whole chain
    const state = stateAfter(DISKS, t);
    const previous = t > 0 ? { move: moveNumber(DISKS, t), next_state: state } : undefined;
    const o = await run(domain, errorRate, k, i, { chainStart: { state: JSON.stringify(state), previous }, maxSteps: 1 }, correlatedErrors);
    const expected = outputKey({ move: moveNumber(DISKS, t + 1), next_state: stateAfter(DISKS, t + 1) });
    if (o.steps.length === 1 && outputKey(o.steps[0].output as HanoiOutput) === expected) right++;
  }
  return right / n;
}

describe('fidelity: the engine keeps the paper\'s promises (10 disks, 1,023 steps)', function () {
  this.timeout(180_000);
  const hanoi = getDomain(loadConfig(path.join(REPO_ROOT, 'config.yaml')), 'hanoi');

  for (const errorRate of [0.01, 0.05, 0.1, 0.2]) {
    const k = kMin(1 - errorRate, STEPS, 0.95);
    it(`error rate ${errorRate}: k = ${k} from the planner, at least 90 of 100 seeded runs solve the puzzle`, async () => {
      let solved = 0;
      for (let seed = 1; seed <= 100; seed++) if ((await run(hanoi, errorRate, k, seed)).solved) solved++;
      assert.ok(solved >= 90, `${solved} of 100 runs solved`);
    });
  }

  describe('error rate 0.6 (p = 0.4 < 0.5): more voting does not help', () => {
    // No pause at the vote cap: let every race finish, however long.
    const domain: DomainConfig = { ...hanoi, limits: { ...hanoi.limits, voteCap: 2000, onVoteCap: 'plurality' } };
    const rates: number[] = [];

    for (const k of [1, 3, 5]) {
      it(`k = ${k}: no run solves, and a step is right at about p_sub = ${pSub(0.4, k).toFixed(3)}`, async () => {
        for (let seed = 1; seed <= 5; seed++) assert.equal((await run(domain, 0.6, k, seed)).solved, false, `run ${seed} solved`);
        const rate = await stepSuccess(domain, 0.6, k, 1500);
        rates.push(rate);
        assert.ok(Math.abs(rate - pSub(0.4, k)) < 0.04, `per-step success ${rate.toFixed(3)} vs p_sub ${pSub(0.4, k).toFixed(3)}`);
      });
    }

    it('the per-step success falls as k grows', () => {
      assert.equal(rates.length, 3);
      assert.ok(rates[0] > rates[1] && rates[1] > rates[2], `per-step success for k = 1, 3, 5: ${rates.map((r) => r.toFixed(3)).join(', ')}`);
    });

    it('unless the mistakes are varied: then the right answer (40 %) still outvotes each wrong one, and k helps', async () => {
      const k1 = await stepSuccess(domain, 0.6, 1, 500, false);
      const k5 = await stepSuccess(domain, 0.6, 5, 500, false);
      assert.ok(k5 > k1 + 0.3, `per-step success with varied mistakes: k = 1 ${k1.toFixed(3)}, k = 5 ${k5.toFixed(3)}`);
    });
  });
});
