// The code benchmark's own parts: the independent "fixed" judgement (the task's test, restored
// as written, in a fresh process), the shipped domain as each setup changes it, one real run
// per outcome through the app layer, and the report's totals.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CODE_TASKS, knownFixesOf } from '../../bench/code-tasks';
import { judgeFixed, materialize } from '../../bench/codeRepo';
import { totals } from '../../bench/codeReport';
import { runTask, SETUPS, shapeDomain, writeKnownFixes } from '../../bench/codeRun';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const JS = CODE_TASKS.find((t) => t.id === 'js-range-inclusive')!;
const PY = CODE_TASKS.find((t) => t.id === 'py-chunks')!;

describe('code benchmark', function () {
  this.timeout(120_000);
  let tmp: TmpDir;
  beforeEach(() => (tmp = makeTmpDir('mf-codebench-')));
  afterEach(() => tmp.cleanup());

  describe('fixed judgement', () => {
    it('fails the task as written and passes it after its known fix', async () => {
      materialize(JS, tmp.mkdir('buggy'));
      assert.equal((await judgeFixed(JS, join(tmp.path, 'buggy'))).fixed, false);
      materialize(JS, tmp.mkdir('fixed'), 'fixed');
      assert.equal((await judgeFixed(JS, join(tmp.path, 'fixed'))).fixed, true);
    });

    it('does not count a run that made its test pass by editing the test', async () => {
      const repo = tmp.mkdir('repo');
      materialize(PY, repo);
      writeFileSync(join(repo, 'tests/test_chunks.py'), 'def test_nothing():\n    assert True\n');
      const j = await judgeFixed(PY, repo);
      assert.equal(j.fixed, false, j.result.output);
      assert.equal(readFileSync(join(repo, 'tests/test_chunks.py'), 'utf8'), PY.files['tests/test_chunks.py']);
    });
  });

  describe('setups', () => {
    const shipped = () => parse(readFileSync(join(REPO_ROOT, 'config.yaml'), 'utf8')).domains.code;

    it('keeps the shipped domain but for the verifier, which falls back to the task\'s tests unless the domain detects them (auto)', () => {
      // A domain whose verifier is a fixed command (not auto) gets the task's own test command.
      const code = { ...shipped(), verifier: 'npm test --silent' };
      const before = JSON.stringify(code.agents);
      shapeDomain(code, PY, SETUPS.shipped);
      assert.equal(code.verifier, 'PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 python3 -m pytest -q');
      assert.equal(JSON.stringify(code.agents), before);
      const auto = { ...shipped(), verifier: 'auto' };
      shapeDomain(auto, JS, SETUPS.shipped);
      assert.equal(auto.verifier, 'auto');
    });

    it('single sample: k 1 and 1 sample for every role, no verifier retry; with retries: 3', () => {
      const single = shipped();
      shapeDomain(single, JS, SETUPS.single);
      for (const agent of Object.values(single.agents) as { samples?: number; k: number }[]) assert.deepEqual([agent.samples, agent.k], [1, 1]);
      assert.equal(single.verify_retries, 0);
      const retries = shipped();
      shapeDomain(retries, JS, SETUPS.retries);
      assert.equal(retries.verify_retries, 3);
    });
  });

  describe('one run', () => {
    it('P = 1, Q = 1: fixed, completed, its requests and tokens counted', async () => {
      const knownFixesPath = writeKnownFixes(tmp.path, knownFixesOf(CODE_TASKS));
      const o = await runTask(JS, SETUPS.shipped, { knownFixesPath, fixRate: 1, judgeRate: 1, seed: 1, keepPrompts: true });
      assert.equal(o.fixed, true, JSON.stringify(o));
      assert.equal(o.status, 'completed');
      assert.ok(o.requests >= 4 && o.tokens > 500, JSON.stringify(o));
      assert.match(o.prompts!.solver, /<file path="src\/range\.js">/);
      assert.equal(o.pause, undefined);
    });

    it('P = 0: not fixed, and the pause names its cause', async () => {
      const knownFixesPath = writeKnownFixes(tmp.path, knownFixesOf(CODE_TASKS));
      const o = await runTask(PY, SETUPS.single, { knownFixesPath, fixRate: 0, judgeRate: 1, seed: 1 });
      assert.equal(o.fixed, false);
      assert.equal(o.status, 'paused');
      assert.match(o.pause!, /^verify_failed: verifier `.*pytest.*` exited 1 \(attempt 1\); the change was rolled back/);
      assert.equal(o.unexplained, false);
    });
  });

  it('totals: fixed share, sums, paused, unexplained pauses, and completed runs that fixed nothing', () => {
    const base = { lang: 'js', setup: 's', requests: 3, tokens: 100, wallMs: 1500 };
    const t = totals([
      { ...base, task: 'a', fixed: true, status: 'completed' },
      { ...base, task: 'b', fixed: false, status: 'paused', pause: 'low_margin: margin 1 <= 1', unexplained: false },
      { ...base, task: 'c', fixed: false, status: 'paused', pause: 'paused with no wait state', unexplained: true },
      { ...base, task: 'd', fixed: false, status: 'completed' },
    ]);
    assert.deepEqual(t, { tasks: 4, fixed: 1, fixedShare: 0.25, requests: 12, tokens: 400, wallS: 6, paused: 2, unexplained: 1, silent: 1 });
  });
});
