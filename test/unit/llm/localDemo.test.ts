// The real-model demo, seeded (R2.6): the committed tiny model on the local provider at 6 disks
// fails without votes and solves with k = 3 — the paper's point, on a real neural model whose
// errors are not independent by construction. `npm run demo:local` runs the 20-seed version.
import assert from 'node:assert/strict';
import { localDemo } from '../../bench/localDemo';

describe('the tiny model on the local provider: k = 1 against k = 3 (seeded)', function () {
  this.timeout(600_000);

  it('at 6 disks, votes solve what a single sample does not', async () => {
    const [single, voted] = await localDemo({ disks: 6, seeds: 3, ks: [1, 3] });
    assert.equal(voted.solved, 3, `k = 3 solved ${voted.solved} of 3: ${JSON.stringify(voted)}`);
    assert.ok(single.solved < voted.solved, `k = 1 solved ${single.solved} of 3, no fewer than k = 3`);
    assert.ok(voted.samplesPerRun > single.samplesPerRun, 'votes cost samples');
  });
});
