// Rejecting a code step's candidate, end to end through the app facade, the scripted model, the
// real sql.js store and a real repository: the step draws again and keeps every earlier sample
// (new sample numbers, not overwritten rows), and at k = 1 a single copy of the rejected answer
// does not pause while the model still has a different one.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import type { AppDeps } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { greetCandidate, writeGreetRepo, writeScript } from '../../integration/suite/fixtures';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const root = resolve(__dirname, '../../../..');
const hello = greetCandidate('Hello');
const howdy = greetCandidate('Howdy');

describe('engine: rejecting a candidate resamples the step', () => {
  let tmp: TmpDir;
  let store: SqlSessionStore;
  let deps: AppDeps;

  beforeEach(async () => {
    tmp = makeTmpDir('mf-reject-');
    store = await openStore(join(tmp.path, 'store'));
    deps = { store, resourceRoot: root };
  });

  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  /** A one-step code run (samples 2, k 1) paused before applying, then rejected; the scripted list restarts with each run. */
  async function rejectOnce(solver: string[]) {
    const scriptPath = writeScript({ solver: solver.map((text) => ({ text })), solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
    const repo = writeGreetRepo(tmp.path, 'repo');
    const first = await (await startRun({ prompt: 'Make greet say Hello', domain: 'code', provider: 'scripted', scriptPath, samples: 2, k: 1, stepByStep: true, repoPath: repo }, deps)).done;
    assert.equal(first.waitState?.trigger, 'step_by_step', JSON.stringify(first));
    assert.equal(store.getStep(first.sessionId, '1')?.changeSet?.files[0].after, hello.after);
    const before = store.getSamples(first.sessionId, '1').filter((s) => s.role === 'solver');
    const again = await (await resumeRun(first.sessionId, { decision: { action: 'reject' } }, deps)).done;
    const after = store.getSamples(first.sessionId, '1').filter((s) => s.role === 'solver');
    return { id: first.sessionId, again, before, after };
  }

  it('keeps the earlier samples and offers the different answer after one copy of the rejected one', async () => {
    const { id, again, before, after } = await rejectOnce([hello.text, howdy.text, howdy.text, howdy.text]);
    assert.equal(again.waitState?.trigger, 'step_by_step', JSON.stringify(again));
    assert.equal(store.getStep(id, '1')?.changeSet?.files[0].after, howdy.after, 'the rejected candidate came back');
    assert.ok(after.length > before.length, `no new samples (${before.length} -> ${after.length})`);
    // The first run's rows are still there, unchanged, and every sample has its own number.
    for (const s of before) assert.deepEqual(after.find((a) => a.seq === s.seq), s);
    assert.equal(new Set(after.map((s) => s.seq)).size, after.length);
    assert.equal(after.filter((s) => s.flags.some((f) => f.flagger === 'rejected')).length, 1);
  });

  it('pauses as rejected_repeated once the rejected answer came back twice', async () => {
    const { id, again, before, after } = await rejectOnce([hello.text, hello.text, howdy.text, howdy.text]);
    assert.equal(again.waitState?.trigger, 'rejected_repeated', JSON.stringify(again));
    assert.match(again.waitState!.details, /drawn 2 times since/);
    assert.equal(store.getStep(id, '1')?.metrics.redFlags.rejected, 2);
    assert.ok(after.length > before.length, `no new samples (${before.length} -> ${after.length})`);
  });
});
