// --vote first-to-k, from outside: the same seeded simulated run solves Towers of Hanoi under
// both rules, and first-to-k never draws more samples than first-to-ahead-by-k.
import assert from 'node:assert/strict';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

interface RunJson { status: string; samples: number; check: { illegal: number; solved: boolean } }

describe('cli: --vote first-to-k (dist/cli.js)', function () {
  this.timeout(120_000);
  let tmp: TmpDir;
  before(() => {
    ensureCliBuilt();
    tmp = makeTmpDir('mf-vote-');
  });
  after(() => tmp.cleanup());

  it('solves the same seeded run as ahead-by-k with no more samples', async () => {
    const samples: Record<string, number> = {};
    for (const rule of ['ahead-by-k', 'first-to-k']) {
      const r = await runCli(['run', '--domain', 'hanoi', '--disks', '6', '--error-rate', '0.1', '--seed', '5', '--k', '3', '--vote', rule, '--json'], { home: tmp.mkdir(rule) });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout.slice(0, r.stdout.indexOf('\n') + 1 || undefined)) as RunJson;
      assert.equal(out.status, 'completed');
      assert.deepEqual([out.check.illegal, out.check.solved], [0, true], `${rule}: ${JSON.stringify(out.check)}`);
      samples[rule] = out.samples;
    }
    assert.ok(samples['first-to-k'] < samples['ahead-by-k'], `first-to-k drew fewer samples: ${JSON.stringify(samples)}`);
  });
});
