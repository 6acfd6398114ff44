// `estimate --repeat` and `plan --estimate`, from outside (dist/cli.js): on the simulated model,
// whose errors are independent by construction, no step is systematic and the two plans agree;
// an estimate with systematic steps makes plan say the target is out of reach.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('cli: estimate --repeat and plan --estimate (dist/cli.js)', function () {
  this.timeout(120_000);
  let tmp: TmpDir;
  before(() => {
    ensureCliBuilt();
    tmp = makeTmpDir('mf-lab-');
  });
  after(() => tmp.cleanup());

  it('the simulated model has no systematic step, and plan from its estimate matches the paper', async () => {
    const home = tmp.mkdir('home');
    const r = await runCli(['estimate', '--steps', '400', '--repeat', '5', '--disks-min', '4', '--disks-max', '8', '--error-rate', '0.05', '--json'], { home });
    assert.equal(r.code, 0, r.stderr);
    const est = JSON.parse(r.stdout) as { samples: number; lab: { repeat: number; steps_judged: number; systematic_steps: number; warning: string | null; by_disks: { disks: number }[]; decorrelation: { steps: number; wrong_both: number; expected_if_independent: number } } };
    assert.equal(est.samples, 2000);
    assert.equal(est.lab.repeat, 5);
    assert.equal(est.lab.steps_judged, 400);
    assert.equal(est.lab.systematic_steps, 0, 'independent errors at 5 % never agree on one wrong answer three times in five');
    assert.equal(est.lab.warning, null);
    assert.deepEqual(est.lab.by_disks.map((d) => d.disks), [4, 5, 6, 7, 8]);
    assert.equal(est.lab.decorrelation.steps, 400);
    assert.ok(est.lab.decorrelation.wrong_both <= est.lab.decorrelation.expected_if_independent + 3, JSON.stringify(est.lab.decorrelation));
    const file = join(tmp.path, 'est.json');
    writeFileSync(file, r.stdout);
    const p = await runCli(['plan', '--estimate', file, '--steps', '1023', '--json'], { home });
    assert.equal(p.code, 0, p.stderr);
    const out = JSON.parse(p.stdout) as { k_min_from_mean: number; k_min_random_steps: number; p_solved: number; p_solved_from_mean: number };
    assert.equal(out.k_min_random_steps, out.k_min_from_mean);
    assert.equal(out.p_solved, out.p_solved_from_mean);
    assert.ok(out.p_solved >= 0.95);
  });

  it('systematic steps in the estimate: plan predicts failure and says why', async () => {
    const file = join(tmp.path, 'sys.json');
    writeFileSync(file, JSON.stringify({ error_rate: { rate: 0.11 }, red_flag_rate: { rate: 0 }, tokens_in: 40, tokens_out: 30, task: { steps: 255 }, lab: { repeat: 5, systematic_share: 0.013, random_error_rate: 0.098 } }));
    const p = await runCli(['plan', '--estimate', file], { home: tmp.mkdir('home2') });
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /the paper's plan from the mean error: k_min = \d+, P\(solved\) = 0\.9\d+ over 255 steps/);
    assert.match(p.stdout, /with the systematic steps counted: k_min = \d+ for the other steps, P\(solved\) = 0\.03\d/);
    assert.match(p.stdout, /out of reach: voting multiplies a per-step edge, it does not create one/);
  });

  it('a file that is not an estimate is a usage error naming the flag', async () => {
    const file = join(tmp.path, 'not.json');
    writeFileSync(file, '{"hello": 1}');
    const p = await runCli(['plan', '--estimate', file], { home: tmp.mkdir('home3') });
    assert.equal(p.code, 2);
    assert.match(p.stderr, /--estimate .*not\.json: not an `estimate --json` result \(error_rate\.rate is missing\)/);
  });
});
