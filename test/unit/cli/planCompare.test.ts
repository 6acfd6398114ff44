// `plan --compare` and `plan`'s cost model from outside (dist/cli.js): the paper's Fig. 6b costs
// from stored estimates, a real `estimate --json` fed to it, the savings lines, and bad input
// (one line, exit 2).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPool, ensureCliBuilt, oneLineUsageError } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

/** An `estimate --json` result with the fields plan reads (the paper's Fig. 6b measured each model on 20-disk steps). */
function estimateFile(dir: string, model: string, errorRate: number, tokensIn: number, tokensOut: number): void {
  writeFileSync(join(dir, `${model}.json`), JSON.stringify({
    provider: 'openai', model, error_rate: { rate: errorRate, low: errorRate, high: errorRate }, red_flag_rate: { rate: 0, low: 0, high: 0 },
    tokens_in: tokensIn, tokens_out: tokensOut, task: { disks: 20, steps: 2 ** 20 - 1, target: 0.95 },
  }));
}

describe('cli: plan --compare and the cost model (dist/cli.js)', function () {
  this.timeout(120_000);
  let tmp: TmpDir;
  let home: string;
  const run = cliPool(2);
  before(() => {
    ensureCliBuilt();
    tmp = makeTmpDir('mf-plancmp-');
    home = tmp.mkdir('home');
  });
  after(() => tmp.cleanup());

  it("reproduces Fig. 6b within 5 % from stored estimates: 1-p and the paper's tokens per sample (600 in; 550 out, nano 830)", async () => {
    const dir = join(tmp.path, 'fig6b');
    mkdirSync(dir);
    estimateFile(dir, 'gpt-4.1-nano', 0.3571, 600, 830);
    estimateFile(dir, 'gpt-4.1-mini', 0.0022, 600, 550);
    estimateFile(dir, 'o3-mini', 0.0018, 600, 550);
    const r = await run(['plan', '--compare', '--models', 'gpt-4.1-nano,gpt-4.1-mini,o3-mini', '--estimate', dir, '--json'], { home });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { steps: number; models: { model: string; k_min: number; expected_cost_usd: number; samples_per_step: number; source: string }[] };
    assert.equal(j.steps, 1048575);
    assert.deepEqual(j.models.map((m) => [m.model, m.k_min]), [['gpt-4.1-mini', 3], ['o3-mini', 3], ['gpt-4.1-nano', 29]]);
    const paper: Record<string, number> = { 'gpt-4.1-mini': 3.5e3, 'o3-mini': 9.4e3, 'gpt-4.1-nano': 41.9e3 };
    for (const m of j.models) {
      assert.ok(Math.abs(m.expected_cost_usd / paper[m.model] - 1) < 0.05, `${m.model}: $${m.expected_cost_usd.toFixed(0)} vs the paper's $${paper[m.model]}`);
      assert.equal(m.source, join(dir, `${m.model}.json`));
    }
  });

  it('a real `estimate --json` (simulated, 5 % errors) feeds --compare; a model without one is named with the command to run', async () => {
    const e = await run(['estimate', '--steps', '300', '--disks-min', '4', '--disks-max', '8', '--error-rate', '0.05', '--json'], { home });
    assert.equal(e.code, 0, e.stderr);
    const file = join(tmp.path, 'mini.json');
    writeFileSync(file, e.stdout);
    const est = JSON.parse(e.stdout) as { model: string; error_rate: { rate: number } };
    assert.equal(est.model, 'gpt-4.1-mini', 'the hanoi domain samples as gpt-4.1-mini (simulated)');
    const r = await run(['plan', '--compare', '--models', 'gpt-4.1-mini,o3-mini,gpt-4.1-nano', '--estimate', file, '--error-rate', 'o3-mini=0.001', '--steps', '1023'], { home });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^plan --compare: 1,023 steps, target 0\.95/);
    assert.match(lines[1], /^model\s+1-p\s+k_min\s+samples\/step\s+tokens in\/out\s+\$\/sample\s+expected cost\s+n-sampling: after_first \/ batched\s+caching$/);
    // The simulated model's short prompt (~300 in / ~30 out tokens) beats o3-mini's better error rate at the paper's 600 / 550.
    assert.match(lines[2], new RegExp(`^gpt-4\\.1-mini\\s+${est.error_rate.rate.toFixed(4).replace('.', '\\.')}\\s+\\d+\\s+\\d\\.\\d+\\s+[\\d.]+/[\\d.]+\\s`));
    assert.match(lines[3], /^o3-mini\s+0\.0010\s+2\s+2\.\d+\s+600\/550\s/);
    assert.match(r.stdout, /-\d+\.\d % \/ -\d+\.\d %/);
    assert.match(r.stdout, new RegExp(`measured: gpt-4\\.1-mini from .*mini\\.json`));
    assert.match(lines[lines.length - 1], /^no estimate for gpt-4\.1-nano: run `microfactory estimate --llm-provider PROVIDER --llm-model gpt-4\.1-nano --json > gpt-4\.1-nano\.json`/);
  });

  it('plan with --model counts input tokens (the paper\'s by default) and prints the n-sampling and caching savings', async () => {
    const r = await run(['plan', '--error-rate', '0.0022', '--steps', '1048575', '--model', 'gpt-4.1-mini'], { home });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /expected cost: \$35\d\d\.\d\d .* per sample of 600 in \/ 550 out tokens/);
    assert.match(r.stdout, /n-sampling .*: after_first \$\d+\.\d\d \(-7\.\d %\), batched \$\d+\.\d\d \(-14\.\d %\); 2\.007 and 1\.007 requests per step instead of 3\.013/);
    // No cached price in the table yet says so; once there is one, the figure follows (r27-cache fills the table).
    assert.match(r.stdout, /^caching(: no cache price known for gpt-4\.1-mini| \(stable prefix at the cached price\): \$\d+\.\d\d \(-\d+\.\d %\))/m);
    const j = await run(['plan', '--error-rate', '0.0022', '--steps', '1048575', '--tokens-in', '301', '--tokens-out', '32', '--price-in', '0.4', '--price-out', '1.6', '--price-cached', '0.1', '--json'], { home });
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout) as { tokens_in: number; expected_cost_usd: number; savings: { batched: { saving: number }; caching: { saving: number }; below_cache_minimum: boolean } };
    assert.equal(out.tokens_in, 301);
    assert.ok(Math.abs(out.expected_cost_usd / (3159627.29 * 171.6e-6) - 1) < 1e-6, String(out.expected_cost_usd));
    assert.ok(out.savings.batched.saving > 0.46 && out.savings.batched.saving < 0.47);
    assert.ok(out.savings.caching.saving > 0.39 && out.savings.caching.saving < 0.4);
    assert.equal(out.savings.below_cache_minimum, true);
  });

  it("config.yaml's pricing adds a model to --compare and --model (./config.yaml, or --config)", async () => {
    const dir = tmp.mkdir('own-config');
    writeFileSync(join(dir, 'config.yaml'), 'pricing:\n  my-model: { input: 0.2, output: 0.8 }\ndomains:\n  mine:\n    agents:\n      solver:\n        prompt_template: "Do {{prompt}}\\n"\n        model: my-model\n');
    const r = await run(['plan', '--compare', '--models', 'my-model,gpt-4.1-mini', '--error-rate', '0.0022', '--json'], { home, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { models: { model: string; price: { input: number; output: number }; cost_per_sample_usd: number }[] };
    // Half gpt-4.1-mini's prices: cheapest first, at half the cost per sample.
    assert.deepEqual(j.models.map((m) => [m.model, m.price.input, m.price.output]), [['my-model', 0.2, 0.8], ['gpt-4.1-mini', 0.4, 1.6]]);
    assert.ok(Math.abs(j.models[0].cost_per_sample_usd * 2 - j.models[1].cost_per_sample_usd) < 1e-15);
    const one = await run(['plan', '--error-rate', '0.0022', '--steps', '1000', '--model', 'my-model', '--config', join(dir, 'config.yaml'), '--json'], { home });
    assert.equal(one.code, 0, one.stderr);
    assert.equal((JSON.parse(one.stdout) as { cost_per_sample_usd: number }).cost_per_sample_usd, (600 * 0.2 + 550 * 0.8) / 1e6);
  });

  describe('bad input: one line, exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['--models empty', ['plan', '--compare', '--models', ' , '], /--models needs at least one model name/],
      ['--compare without --models', ['plan', '--compare', '--error-rate', '0.1'], /--models needs at least one model name/],
      ['--models without --compare', ['plan', '--models', 'gpt-4.1-mini'], /--models goes with --compare/],
      ['a non-number error rate', ['plan', '--compare', '--models', 'gpt-4.1-mini', '--error-rate', 'gpt-4.1-mini=abc'], /--error-rate must be a number \(at least 0, at most 1\), got 'gpt-4\.1-mini=abc'/],
      ['an error rate of 0.5', ['plan', '--compare', '--models', 'gpt-4.1-mini', '--error-rate', '0.5'], /--error-rate 0\.5: a per-step success of 0\.5 is not above 0\.5, so voting cannot help/],
      ['an error rate over 0.5 in plan', ['plan', '--error-rate', '0.6', '--steps', '100'], /--error-rate 0\.6: .* voting cannot help/],
      ['an error rate for a model not compared', ['plan', '--compare', '--models', 'gpt-4.1-mini', '--error-rate', 'o3-mini=0.01'], /--error-rate o3-mini=0\.01: 'o3-mini' is not one of --models/],
      ['a missing estimate file', ['plan', '--compare', '--models', 'gpt-4.1-mini', '--estimate', 'nowhere.json'], /--estimate nowhere\.json: .*nowhere\.json: cannot read --estimate: ENOENT/],
      ['an unknown model', ['plan', '--compare', '--models', 'gpt-4.1-mini,gpt-9-ultra', '--error-rate', '0.01'], /--models: unknown model 'gpt-9-ultra': no price in the pricing table/],
      ['a price flag with --compare', ['plan', '--compare', '--models', 'gpt-4.1-mini', '--error-rate', '0.01', '--price-in', '1'], /--price-in does not go with --compare/],
      ['an unknown --model', ['plan', '--error-rate', '0.01', '--steps', '10', '--model', 'gpt-9-ultra'], /--model: unknown model 'gpt-9-ultra'/],
    ];
    for (const [name, args, expect] of cases) {
      it(name, async () => {
        assert.match(oneLineUsageError(await run(args, { home })), expect);
      });
    }
  });
});
