// The bundled `code` domain exactly as shipped (config.yaml, only template paths rewritten), run
// for real: scripted models, a temporary git repository with a failing `node --test` suite, the
// real workspace and store. These pin the shipped settings chosen for R2.5: a fix spanning two
// files is one step, and a contested vote whose winner passes the verifier does not stop for a
// person.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startRun } from '../../../src/app/session';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT, writeCodeConfig } from '../../support/codeDomain';
import { makeGitRepo, makeJsFixtureRepo, makeTempDir } from '../../support/fixtures';

const PACKAGE_JSON = JSON.stringify({ name: 'two-files', version: '1.0.0', private: true, scripts: { test: 'node --test' } }) + '\n';
const TAX = "'use strict';\nexports.withTax = (amount, rate) => amount * rate;\n";
const TAX_FIXED = "'use strict';\nexports.withTax = (amount, rate) => amount * (1 + rate);\n";
const CART = "'use strict';\nconst { withTax } = require('./tax');\nexports.total = (prices, rate) => withTax(rate, prices.reduce((a, b) => a + b, 0));\n";
const CART_FIXED = "'use strict';\nconst { withTax } = require('./tax');\nexports.total = (prices, rate) => withTax(prices.reduce((a, b) => a + b, 0), rate);\n";
const CART_TEST = "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert/strict');\nconst { total } = require('../src/cart');\ntest('total with tax', () => assert.equal(total([50, 50], 0.5), 150));\n";

describe('the shipped code domain', function () {
  this.timeout(60_000);
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;

  beforeEach(async () => {
    tmp = makeTempDir('mf-shipped-');
    store = await openStore(join(tmp.path, 'home', 'sessions.sqlite3'));
  });

  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  async function run(repoPath: string, prompt: string, s: object) {
    const scriptPath = join(tmp.path, 'script.yaml');
    writeFileSync(scriptPath, stringify(s));
    // As shipped, except the verifier: the fixtures are node --test suites.
    const configPath = writeCodeConfig(tmp.path, (code) => void (code.verifier = 'node --test'));
    return (await startRun({ prompt, domain: 'code', provider: 'scripted', scriptPath, repoPath, configPath }, { store, resourceRoot: REPO_ROOT })).done;
  }

  it('solves a fix that needs two files as one step, verified whole', async () => {
    const repo = makeGitRepo({ 'package.json': PACKAGE_JSON, 'src/tax.js': TAX, 'src/cart.js': CART, 'test/cart.test.js': CART_TEST });
    try {
      const both = `Both files are wrong:\n<file path="src/tax.js">\n${TAX_FIXED}</file>\n<file path="src/cart.js">\n${CART_FIXED}</file>\n`;
      const out = await run(repo.path, 'Fix src/tax.js and src/cart.js: the cart total with tax is wrong; test/cart.test.js fails.', {
        decomposition: [{ text: 'ATOMIC', repeat: true }],
        solver: [{ text: both, repeat: true }],
        solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
      });
      assert.equal(out.status, 'completed', JSON.stringify(out));
      assert.equal(readFileSync(join(repo.path, 'src/tax.js'), 'utf8'), TAX_FIXED);
      assert.equal(readFileSync(join(repo.path, 'src/cart.js'), 'utf8'), CART_FIXED);
      assert.equal(store.getStep(out.sessionId, '1')!.metrics.verification?.passed, true);
    } finally {
      repo.cleanup();
    }
  });

  it('a contested judge race (margin 1) is settled by the verifier, not a pause', async () => {
    const repo = makeJsFixtureRepo();
    try {
      const file = (content: string) => `<file path="src/math.js">\n${content}</file>`;
      const other = repo.buggyContent.replace('return a - b;', 'return b - a;');
      const out = await run(repo.path, 'Fix the failing add test by correcting src/math.js', {
        decomposition: [{ text: 'ATOMIC', repeat: true }],
        solver: [file(repo.wrongContent), file(other), { text: file(repo.fixedContent), repeat: true }],
        // Votes 1, 2, 3, 3, 3: option 3 leads by k=2 with 3 of 5 votes, a margin of 1.
        solution_discriminator: ['OPTION: 1', 'OPTION: 2', { text: 'OPTION: 3', repeat: true }],
      });
      assert.equal(out.status, 'completed', JSON.stringify(out));
      const step = store.getStep(out.sessionId, '1')!;
      assert.equal(step.metrics.tally?.margin, 1);
      assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    } finally {
      repo.cleanup();
    }
  });
});
