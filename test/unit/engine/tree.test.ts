// The tree flow end to end through the app facade, a scripted model and the real sql.js store:
// a contested judge race pauses on low margin, resume finishes without re-firing, children are
// never duplicated, and a rejected decomposition is replaced rather than added to.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppDeps } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { LOW_MARGIN_SCRIPT, makeTreeFixture, type TreeFixture } from '../../support/treeFixture';

const root = resolve(__dirname, '../../../..');

describe('tree flow', () => {
  let fx: TreeFixture;
  let store: SqlSessionStore;
  let deps: AppDeps;

  beforeEach(async () => {
    fx = makeTreeFixture();
    store = await openStore(fx.storePath);
    deps = { store, resourceRoot: root };
  });

  afterEach(async () => {
    await store.close();
    rmSync(fx.dir, { recursive: true, force: true });
  });

  const opts = () => ({ configPath: fx.configPath, provider: 'scripted', scriptPath: fx.scriptPath });

  it('pauses on a low margin, resumes to completion, and never duplicates children', async () => {
    const run = await startRun({ prompt: 'Write a two part note about voting', domain: 'notes', ...opts() }, deps);
    const paused = await run.done;
    assert.equal(paused.status, 'paused');
    assert.equal(paused.waitState?.trigger, 'low_margin');
    assert.equal(paused.waitState?.stepId, '1.1');
    assert.match(paused.waitState!.details, /margin 1 <= 1/);
    const session = store.getSession(run.sessionId)!;
    assert.equal(session.status, 'paused');
    assert.deepEqual(session.waitState, paused.waitState);
    const waiting = store.getStep(run.sessionId, '1.1')!;
    assert.equal(waiting.status, 'waiting');
    assert.equal(waiting.winnerText, 'A answer one');
    // Judges voted 1, 2, 3, 1, 1: the tally names the options by candidate key, as it names the winner.
    assert.deepEqual(waiting.metrics.tally?.counts, { 'A answer one': 3, 'A answer two': 1, 'A answer three': 1 });
    assert.equal(waiting.metrics.tally?.winner, 'A answer one');

    const resumed = await (await resumeRun(run.sessionId, {}, deps)).done;
    assert.equal(resumed.status, 'completed', resumed.error);
    const steps = store.getSteps(run.sessionId);
    assert.deepEqual(steps.map((s) => s.id).sort(), ['1', '1.1', '1.2']);
    assert.ok(steps.every((s) => s.status === 'completed'));
    assert.equal(store.getStep(run.sessionId, '1.1')!.winnerText, 'A answer one');
    assert.equal(store.getStep(run.sessionId, '1.2')!.winnerText, 'B answer');
    assert.equal(store.getSession(run.sessionId)!.waitState, null);
  });

  it('a step whose finishing record was lost goes back to pending, with its finished parent, and is run again', async () => {
    const run = await startRun({ prompt: 'Write a two part note about voting', domain: 'notes', ...opts() }, deps);
    assert.equal((await run.done).status, 'paused');
    assert.equal((await (await resumeRun(run.sessionId, {}, deps)).done).status, 'completed');
    // What the store holds when the journal line that finished 1.2 was damaged: its earlier record.
    const child = store.getStep(run.sessionId, '1.2')!;
    store.putStep(run.sessionId, { ...child, status: 'running', phase: 'solve', winnerText: undefined });
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const again = await (await resumeRun(run.sessionId, {}, { ...deps, log })).done;
    assert.equal(again.status, 'completed', again.error);
    assert.ok(store.getSteps(run.sessionId).every((s) => s.status === 'completed'));
    assert.equal(store.getStep(run.sessionId, '1.2')!.winnerText, 'B answer');
    assert.ok(warnings.some((w) => /step\(s\) 1\.2, 1 were left unfinished under finished ones/.test(w)), warnings.join('\n'));
  });

  it('step-by-step: a rejected decomposition is re-run and replaces the old children', async () => {
    const run = await startRun({ prompt: 'Write a two part note about voting', domain: 'notes', ...opts(), stepByStep: true }, deps);
    let out = await run.done;
    assert.equal(out.waitState?.trigger, 'step_by_step');
    assert.equal(out.waitState?.stepId, '1');
    assert.deepEqual(store.getSteps(run.sessionId).map((s) => s.id).sort(), ['1', '1.1', '1.2']);
    out = await (await resumeRun(run.sessionId, { decision: { action: 'reject' } }, deps)).done;
    assert.equal(out.waitState?.trigger, 'step_by_step');
    assert.equal(out.waitState?.stepId, '1', 'the decomposition ran again and paused after it');
    assert.deepEqual(store.getSteps(run.sessionId).map((s) => s.id).sort(), ['1', '1.1', '1.2'], 'no second set of children');
    // Approve through the remaining step-by-step pauses, then the low-margin one.
    for (let i = 0; i < 10 && out.status === 'paused'; i++) out = await (await resumeRun(run.sessionId, { decision: { action: 'approve' }, stepByStep: false }, deps)).done;
    assert.equal(out.status, 'completed', out.error);
    assert.deepEqual(store.getSteps(run.sessionId).map((s) => s.id).sort(), ['1', '1.1', '1.2']);
  });

  it('reject on a low-margin pause discards that winner and resamples the step', async () => {
    // A fresh process replays a script from its start, so the first run's judge votes only match
    // the first run's options; after the reject the pool differs and the judge names the new answer.
    const script = {
      ...LOW_MARGIN_SCRIPT,
      solver: [...LOW_MARGIN_SCRIPT.solver.slice(0, 3), { when: 'Solve: Write part A', text: 'A answer four', repeat: true }, LOW_MARGIN_SCRIPT.solver[3]],
      solution_discriminator: [
        ...LOW_MARGIN_SCRIPT.solution_discriminator.map((r) => ({ ...r, when: 'Option 1: A answer one' })),
        { when: 'Option 1: A answer four', text: 'OPTION: 1', repeat: true },
      ],
    };
    await store.close();
    rmSync(fx.dir, { recursive: true, force: true });
    fx = makeTreeFixture(script);
    store = await openStore(fx.storePath);
    deps = { store, resourceRoot: root };
    const run = await startRun({ prompt: 'Write a two part note about voting', domain: 'notes', ...opts() }, deps);
    assert.equal((await run.done).waitState?.trigger, 'low_margin');
    const out = await (await resumeRun(run.sessionId, { decision: { action: 'reject' } }, deps)).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const step = store.getStep(run.sessionId, '1.1')!;
    assert.equal(step.winnerText, 'A answer four');
    assert.deepEqual(step.rejectedKeys, ['A answer one']);
    // The copy drawn again after the human's reject says so (not a verifier's verdict).
    const flags = store.getSamples(run.sessionId, '1.1').flatMap((s) => s.flags);
    assert.deepEqual(flags, [{ flagger: 'rejected', reason: 'a human rejected this answer' }]);
  });
});
