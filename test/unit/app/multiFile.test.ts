// Steps that change more than one file, when step_granularity.max_files allows it: the solver
// is shown the step's file and the helper it imports, its one answer edits both, and the change
// is applied, verified and committed as one step. With max_files 1 the solver sees its file only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRun } from '../../../src/app/session';
import { writeCodeConfig } from '../../support/codeDomain';
import { codeRunHarness } from '../../support/codeRunHarness';
import { gitIn, makeGitRepo } from '../../support/fixtures';

// price.js calls a helper tax.js does not export, with its arguments swapped: the fix needs both files.
const TAX = "'use strict';\nfunction taxOf(amount, rate) {\n  return amount * rate;\n}\nmodule.exports = { taxOf };\n";
const TAX_FIXED = TAX.replace(/taxOf/g, 'taxFor');
const PRICE = "'use strict';\nconst { taxFor } = require('./tax');\n\nfunction total(amount) {\n  return amount + taxFor(0.5, amount);\n}\nmodule.exports = { total };\n";
const PRICE_FIXED = PRICE.replace('taxFor(0.5, amount)', 'taxFor(amount, 0.5)');
// A check whose failure names no file, so only the step's own imports can show the solver tax.js.
const CHECK = "let ok = false;\ntry {\n  ok = require('../src/price').total(10) === 15;\n} catch {}\nif (!ok) {\n  console.log('total is wrong');\n  process.exit(1);\n}\n";
const TASK = 'The price check fails; repair total() in src/price.js and the tax helper it calls';

const answer = `Both files need a change.\n<file path="src/tax.js">\n${TAX_FIXED}</file>\n<file path="src/price.js">\n${PRICE_FIXED}</file>`;

describe('code run: a step that changes two files', function () {
  this.timeout(60_000);
  const h = codeRunHarness(() => makeGitRepo({ 'package.json': JSON.stringify({ scripts: { test: 'node check/price.js' } }), 'src/tax.js': TAX, 'src/price.js': PRICE, 'check/price.js': CHECK }), 'mf-multi-');

  const run = async (maxFiles: number) => {
    const configPath = writeCodeConfig(h.tmp.path, (code) => {
      code.step_granularity = { max_files: maxFiles, max_lines_changed: 40 };
      code.on_verify_fail = 'pause';
    });
    const scriptPath = h.script({
      decomposition: [{ text: 'ATOMIC', repeat: true }],
      // The two-file answer only comes for a prompt that shows both files whole.
      solver: [{ when: 'Current files:[\\s\\S]*<file path="src/price\\.js">[\\s\\S]*<file path="src/tax\\.js">', text: answer, repeat: true }, { text: 'I cannot see the helper.', repeat: true }],
      solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
    });
    return (await startRun({ prompt: TASK, domain: 'code', provider: 'scripted', scriptPath, configPath, repoPath: h.repo.path, commit: true }, h.deps)).done;
  };

  it('max_files: 2 shows the helper the step file imports; both edits are applied, verified and committed together', async () => {
    const out = await run(2);
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(h.repo.path, 'src/tax.js'), 'utf8'), TAX_FIXED);
    assert.equal(readFileSync(join(h.repo.path, 'src/price.js'), 'utf8'), PRICE_FIXED);
    const step = h.store.getStep(out.sessionId, '1')!;
    assert.deepEqual(step.changeSet?.files.map((f) => f.path).sort(), ['src/price.js', 'src/tax.js']);
    assert.equal(step.metrics.verification?.passed, true);
    assert.deepEqual(gitIn(h.repo.path, ['show', '--name-only', '--format=', 'HEAD']).trim().split('\n').sort(), ['src/price.js', 'src/tax.js']);
  });

  it('max_files: 1: the solver is shown only the file its step names (as before)', async () => {
    const out = await run(1);
    assert.equal(out.status, 'paused');
    const answers = new Set(h.store.getSamples(out.sessionId, '1').filter((x) => x.role === 'solver').map((x) => x.text));
    assert.deepEqual([...answers], ['I cannot see the helper.']);
    assert.equal(readFileSync(join(h.repo.path, 'src/price.js'), 'utf8'), PRICE);
    assert.equal(readFileSync(join(h.repo.path, 'src/tax.js'), 'utf8'), TAX);
  });
});
