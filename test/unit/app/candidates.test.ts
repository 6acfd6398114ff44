// candidateChangeSet: the change set behind any candidate of a step (the paused one, the chosen
// one, or a sample planned on demand against the repository), read from a real store.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { candidateChangeSet } from '../../../src/app/candidates';
import type { ChangeSet } from '../../../src/engine/model';
import type { SessionStore } from '../../../src/engine/ports';
import { openStore } from '../../../src/store';
import { chainStep, makeSession, samplesFor, T0 } from '../../support/store-fixtures';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('app: a candidate\'s change set', () => {
  let tmp: TmpDir;
  let store: SessionStore;
  let repo: string;
  const chosen: ChangeSet = { applier: 'overwrite_file', files: [{ path: 'notes.txt', before: 'old\n', after: 'chosen\n' }], applied: false };

  beforeEach(async () => {
    tmp = makeTmpDir('mf-candidates-');
    repo = tmp.mkdir('repo');
    tmp.write('repo/notes.txt', 'old\n');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    store.createSession(makeSession('s1', 'tree', {
      status: 'paused',
      metadata: { repoPath: repo },
      waitState: { stepId: 'step-0', trigger: 'low_margin', details: 'margin 1 < 2', at: T0 },
    }));
    store.putStep('s1', chainStep(0, { description: 'Rewrite notes.txt', status: 'waiting', changeSet: chosen }));
    const [a, b] = samplesFor('step-0', 2);
    store.addSamples('s1', [
      { ...a, text: '<file path="notes.txt">\nfirst\n</file>' },
      { ...b, text: 'Here it is:\n```\nsecond\n```\n' },
    ]);
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('the paused and the chosen candidate are the step\'s own change set', async () => {
    assert.deepEqual(await candidateChangeSet(store, { sessionId: 's1', stepId: 'step-0', candidate: 'paused' }), chosen);
    assert.deepEqual(await candidateChangeSet(store, { sessionId: 's1', stepId: 'step-0', candidate: 'chosen' }), chosen);
  });

  it('plans any other sample against the repository, without writing it', async () => {
    const first = await candidateChangeSet(store, { sessionId: 's1', stepId: 'step-0', candidate: 'solver#0' });
    assert.deepEqual(first?.files.map((f) => [f.path, f.before, f.after]), [['notes.txt', 'old\n', 'first\n']]);
    assert.equal(first?.applied, false);
    // No <file> block: the fenced block goes to the file the step description names.
    const second = await candidateChangeSet(store, { sessionId: 's1', stepId: 'step-0', candidate: 'solver#1' });
    assert.deepEqual(second?.files.map((f) => [f.path, f.after]), [['notes.txt', 'second\n']]);
    assert.equal(readFileSync(join(repo, 'notes.txt'), 'utf8'), 'old\n');
  });

  it('names nothing for an unknown step, sample or reference', async () => {
    for (const [stepId, candidate] of [['step-9', 'chosen'], ['step-0', 'solver#7'], ['step-0', 'judge'], ['step-0', 'constructor#0']]) {
      assert.equal(await candidateChangeSet(store, { sessionId: 's1', stepId, candidate }), undefined, `${stepId} ${candidate}`);
    }
  });
});
