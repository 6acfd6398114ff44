// --warn-usd must be below --budget-usd, wherever the warning was set (src/app/spendMarks.ts):
// the error names the flag, or the config line of limits.warn_usd.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineOptions, UsageError } from '../../../src/app/options';
import { checkSpendMarks } from '../../../src/app/spendMarks';
import { getDomain, loadConfig } from '../../../src/config/load';
import { REPO_ROOT } from '../../support/cliRun';
import { makeTempDir } from '../../support/fixtures';

describe('app/spendMarks', () => {
  const bundled = getDomain(loadConfig(join(REPO_ROOT, 'config.yaml')), 'hanoi');

  it('a warning at or past the budget is a usage error naming --warn-usd', () => {
    for (const warnUsd of [0.05, 0.08]) {
      const o = { warnUsd, budgetUsd: 0.05 };
      assert.throws(() => checkSpendMarks(o, bundled, engineOptions(bundled, o)), (e: Error) => e instanceof UsageError && /^--warn-usd \(0\.0[58]\) must be below --budget-usd \(0\.05\)/.test(e.message));
    }
    const ok = { warnUsd: 0.04, budgetUsd: 0.05 };
    checkSpendMarks(ok, bundled, engineOptions(bundled, ok));
    checkSpendMarks({ warnUsd: 9 }, bundled, engineOptions(bundled, { warnUsd: 9 }));
  });

  it("limits.warn_usd from config.yaml: the error names the file and line; the flag wins over it; max_cost_per_step reaches the engine", () => {
    const tmp = makeTempDir('mf-marks-');
    try {
      const file = join(tmp.path, 'config.yaml');
      writeFileSync(file, ['domains:', '  hanoi:', '    chain: { task: hanoi }', '    agents:', '      solver: { prompt_template: "{{state}}", model: m }', '    limits:', '      warn_usd: 0.5', '      max_cost_per_step: 0.02', ''].join('\n'));
      const domain = getDomain(loadConfig(file), 'hanoi');
      const o = { budgetUsd: 0.25 };
      assert.deepEqual([engineOptions(domain, o).warnUsd, engineOptions(domain, o).maxStepUsd], [0.5, 0.02]);
      assert.throws(() => checkSpendMarks(o, domain, engineOptions(domain, o)), (e: Error) => e.message.startsWith(`${file}:7:17: limits.warn_usd (0.5) must be below --budget-usd (0.25)`));
      const flag = { budgetUsd: 0.25, warnUsd: 0.1, maxStepUsd: 0.03 };
      checkSpendMarks(flag, domain, engineOptions(domain, flag));
      assert.equal(engineOptions(domain, flag).maxStepUsd, 0.03);
    } finally {
      tmp.cleanup();
    }
  });
});
