// Checkpoints (src/app/restorePlan.ts): the plan that restores the workspace to before step N,
// checked on real files with the workspace's own apply (the bytes the editor's edit writes), and
// a real code session restored and re-run from a step.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { changeSetSide, markUndone, releaseWaits, reopenForRerun, restorePlan } from '../../../src/app/restorePlan';
import { resumeRun, startRun } from '../../../src/app/session';
import type { ChangeSet, StepRecord } from '../../../src/engine/model';
import { emptyStepMetrics } from '../../../src/engine/model';
import { openStore } from '../../../src/store';
import { applyChangeSet, WorkspaceConflictError } from '../../../src/workspace';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeJsFixtureRepo, makeTempDir } from '../../support/fixtures';

const step = (id: string, files: ChangeSet['files'] | undefined, over: Partial<StepRecord> = {}): StepRecord => ({
  id, parentId: '1', depth: 1, index: 0, description: `step ${id}`, status: 'completed', phase: 'done', metrics: emptyStepMetrics(), updatedAt: '',
  changeSet: files ? { applier: 'file_blocks', applied: true, files } : undefined,
  ...over,
});

describe('restore plan: back to before step N', () => {
  const a1 = step('a', [{ path: 'x.txt', before: 'v0\n', after: 'v1\n' }, { path: 'new.txt', before: null, after: 'made\n' }]);
  const a2 = step('b', undefined);
  const a3 = step('c', [{ path: 'x.txt', before: 'v1\n', after: 'v2\n' }, { path: 'gone.txt', before: 'old\n', after: null }]);

  it('rolls back every later change: each file from its last after to its first before', () => {
    const plan = restorePlan([a1, a2, a3], 'a');
    assert.ok(plan.ok);
    assert.deepEqual(plan.stepIds, ['a', 'c']);
    assert.deepEqual(plan.changeSet.files.map((f) => [f.path, f.before, f.after]), [
      ['x.txt', 'v2\n', 'v0\n'], ['new.txt', 'made\n', null], ['gone.txt', null, 'old\n'],
    ]);
    const later = restorePlan([a1, a2, a3], 'b');
    assert.ok(later.ok);
    assert.deepEqual(later.stepIds, ['c'], 'a step before N keeps its change');
  });

  it('refuses changes that do not chain, an unknown step, and a range with nothing applied', () => {
    const off = step('d', [{ path: 'x.txt', before: 'something else\n', after: 'v3\n' }]);
    const bad = restorePlan([a1, off], 'a');
    assert.ok(!bad.ok && /do not chain/.test(bad.reason), JSON.stringify(bad));
    assert.ok(!restorePlan([a1], 'zz').ok);
    const undone = step('e', [{ path: 'x.txt', before: 'v0\n', after: 'v1\n' }]);
    markUndone(undone);
    const none = restorePlan([a2, undone], 'b');
    assert.ok(!none.ok && /nothing to restore/.test(none.reason), 'an undone step has nothing left in the workspace');
  });

  it('on real files: byte for byte back, and a file edited since refuses the whole restore', async () => {
    const tmp = makeTempDir('mf-restore-');
    try {
      const bytes = 'é\r\nline two\n\u0000tail';
      writeFileSync(join(tmp.path, 'x.txt'), bytes);
      const s1 = step('1', [{ path: 'x.txt', before: bytes, after: 'one\n' }, { path: 'n.txt', before: null, after: 'new\n' }]);
      const s2 = step('2', [{ path: 'x.txt', before: 'one\n', after: 'two\n' }]);
      for (const s of [s1, s2]) await applyChangeSet(tmp.path, { ...s.changeSet!, applied: false });
      const plan = restorePlan([s1, s2], '1');
      assert.ok(plan.ok);
      writeFileSync(join(tmp.path, 'x.txt'), 'two, then edited by hand\n');
      await assert.rejects(applyChangeSet(tmp.path, plan.changeSet), WorkspaceConflictError);
      assert.equal(readFileSync(join(tmp.path, 'n.txt'), 'utf8'), 'new\n', 'nothing was written');
      writeFileSync(join(tmp.path, 'x.txt'), 'two\n');
      await applyChangeSet(tmp.path, plan.changeSet);
      assert.ok(readFileSync(join(tmp.path, 'x.txt')).equals(Buffer.from(bytes)), 'the original bytes');
      assert.equal(changeSetSide(s1.changeSet!, (p) => { try { return readFileSync(join(tmp.path, p), 'utf8'); } catch { return null; } }), 'before');
    } finally {
      tmp.cleanup();
    }
  });

  it('an editor Undo is told from a hand edit: before, after, or other (line endings aside)', () => {
    const cs: ChangeSet = { applier: 'x', applied: true, files: [{ path: 'a', before: 'a\nb\n', after: 'A\n' }, { path: 'b', before: null, after: 'new' }] };
    assert.equal(changeSetSide(cs, (p) => (p === 'a' ? 'a\r\nb\r\n' : null)), 'before');
    assert.equal(changeSetSide(cs, (p) => (p === 'a' ? 'A\n' : 'new')), 'after');
    assert.equal(changeSetSide(cs, (p) => (p === 'a' ? 'A\n' : null)), 'other', 'half undone is not undone');
  });
});

describe('restore and re-run: a real code session', function () {
  this.timeout(90_000);

  it('restores the fix, reopens the step, and a resume solves and applies it again', async () => {
    const repo = makeJsFixtureRepo();
    const tmp = makeTempDir('mf-rerun-');
    const store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    try {
      const script = (solver: string) => {
        const p = join(tmp.path, `script-${solver.length}.yaml`);
        writeFileSync(p, stringify({
          decomposition: [{ text: 'ATOMIC', repeat: true }],
          solver: [{ text: `<file path="src/math.js">\n${solver}</file>`, repeat: true }],
          solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
        }));
        return p;
      };
      const deps = { store, resourceRoot: REPO_ROOT };
      const run = await startRun({ prompt: 'Fix the failing add test in src/math.js', domain: 'code', provider: 'scripted', scriptPath: script(repo.fixedContent), repoPath: repo.path, allowDirty: true }, deps);
      assert.equal((await run.done).status, 'completed');
      const id = run.sessionId;
      const steps = store.getSteps(id, { limit: 100 });
      const applied = steps.find((s) => s.changeSet?.applied)!;
      const plan = restorePlan(steps, applied.id);
      assert.ok(plan.ok);
      await applyChangeSet(repo.path, plan.changeSet);
      assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.buggyContent);
      markUndone(applied);
      reopenForRerun(applied);
      store.putStep(id, applied);
      store.updateSession(id, { status: 'cancelled' });
      const again = await resumeRun(id, { scriptPath: script('// solved again\n' + repo.fixedContent) }, deps);
      const out = await again.done;
      assert.equal(out.status, 'completed', JSON.stringify(out));
      assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), '// solved again\n' + repo.fixedContent, 'the re-run solved the step again and applied its answer');
      const rerun = store.getStep(id, applied.id)!;
      assert.equal(rerun.changeSet?.applied, true);
      assert.equal(rerun.metrics.verification?.passed, true);
    } finally {
      await store.close();
      repo.cleanup();
      tmp.cleanup();
    }
  });
});

describe('restore plan: a paused session decided by a restore', () => {
  it('stops waiting: the waited-on leaf is solved again, a waiting parent goes back to pending', () => {
    const parent = step('1', undefined, { status: 'waiting', childIds: ['1.1', '1.2'] });
    const leaf = step('1.2', [{ path: 'x', before: 'a', after: 'b' }], { status: 'waiting', phase: 'apply', winnerText: 'candidate' });
    leaf.changeSet!.applied = false;
    leaf.metrics.tally = { k: 1, counts: { a: 2 }, winner: 'a', lead: 2, margin: 2, votes: 2, decidedBy: 'lead', rounds: 1 };
    const done = step('1.1', [{ path: 'x', before: '', after: 'a' }]);
    assert.deepEqual(releaseWaits([parent, done, leaf]).map((s) => s.id), ['1', '1.2']);
    assert.deepEqual([parent.status, parent.phase], ['pending', 'done']);
    assert.deepEqual([leaf.status, leaf.phase, leaf.changeSet, leaf.winnerText, leaf.metrics.tally], ['pending', 'solve', undefined, undefined, undefined], 'its unapproved candidate is never applied');
    assert.equal(done.status, 'completed');
  });
});
