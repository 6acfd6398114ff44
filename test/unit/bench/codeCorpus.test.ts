// Proves the code benchmark's corpus: every task's own test fails as written, passes after its
// known fix and still fails with its decoy (so a decoy is a wrong fix, not another right one),
// and the corpus has the languages, bug kinds and two-file tasks the benchmark promises.
import assert from 'node:assert/strict';
import { squash } from '../../../src/llm/knownFixes';
import { judgeFixed, materialize } from '../../bench/codeRepo';
import { CODE_TASKS, knownFixesOf, variantFiles } from '../../bench/code-tasks';
import type { CodeTask } from '../../bench/code-tasks/task';
import { makeTmpDir } from '../../support/tmpDir';

async function outcome(task: CodeTask, variant: 'buggy' | 'fixed' | 'decoy'): Promise<{ fixed: boolean; output: string }> {
  const tmp = makeTmpDir(`mf-corpus-${variant}-`);
  try {
    materialize(task, tmp.path, variant);
    const j = await judgeFixed(task, tmp.path);
    return { fixed: j.fixed, output: j.result.output };
  } finally {
    tmp.cleanup();
  }
}

describe('code benchmark corpus', function () {
  this.timeout(240_000);

  it('has at least 30 tasks, 10 per language, every bug kind, and a few two-file fixes', () => {
    assert.ok(CODE_TASKS.length >= 30);
    assert.ok(CODE_TASKS.filter((t) => t.lang === 'js').length >= 10);
    assert.ok(CODE_TASKS.filter((t) => t.lang === 'py').length >= 10);
    const kinds = new Set(CODE_TASKS.map((t) => t.kind));
    for (const k of ['off-by-one', 'wrong operator', 'swapped arguments', 'missing await', 'null handling', 'wrong default', 'mutable default', 'integer division', 'wrong regex', 'missed edge case']) {
      assert.ok(kinds.has(k as CodeTask['kind']), k);
    }
    assert.ok(CODE_TASKS.filter((t) => Object.keys(t.fix).length === 2).length >= 3);
    assert.equal(new Set(CODE_TASKS.map((t) => t.id)).size, CODE_TASKS.length);
  });

  it('lets the noisy-coder tell tasks apart: unique changed paths, and buggy, fixed and decoy texts that do not contain each other', () => {
    const paths = CODE_TASKS.flatMap((t) => Object.keys(t.fix));
    assert.equal(new Set(paths).size, paths.length, 'a changed path is shared by two tasks');
    for (const task of knownFixesOf(CODE_TASKS).tasks) {
      for (const f of task.files) {
        const texts = [f.buggy, f.fixed, ...(f.decoy ? [f.decoy] : [])].map(squash);
        for (const a of texts) for (const b of texts) if (a !== b) assert.ok(!a.includes(b), `${task.id} ${f.path}: one variant contains another`);
        assert.ok(!task.tests.includes(f.path), `${task.id}: the fix must not change a test`);
      }
      // The prompt names every file the fix changes, first, so a solver is shown them.
      const t = CODE_TASKS.find((x) => x.id === task.id)!;
      for (const f of task.files) assert.ok(t.prompt.includes(f.path), `${task.id}: prompt does not name ${f.path}`);
    }
  });

  for (const task of CODE_TASKS) {
    it(`${task.id} (${task.lang}, ${task.kind}): fails as written, passes with its fix, fails with its decoy`, async () => {
      assert.notDeepEqual(variantFiles(task, 'decoy'), variantFiles(task, 'fixed'));
      const [buggy, fixed, decoy] = await Promise.all([outcome(task, 'buggy'), outcome(task, 'fixed'), outcome(task, 'decoy')]);
      assert.equal(buggy.fixed, false, `buggy passes:\n${buggy.output}`);
      assert.equal(fixed.fixed, true, `fixed fails:\n${fixed.output}`);
      assert.equal(decoy.fixed, false, `decoy passes:\n${decoy.output}`);
    });
  }
});
