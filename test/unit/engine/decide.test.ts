// A human's decisions on a paused tree step, end to end through the app facade, a scripted model
// and the real sql.js store: feedback reaches the solver's next prompt, a rejected answer that
// keeps coming back pauses once with a clear trigger, skip, edit, "approve the rest of this
// decomposition", and step-by-step switched off while a run goes on.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppDeps, Decision, RunOutcome } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import { cancelStopped } from '../../../src/app/stopped';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { makeTreeFixture, STUBBORN_SCRIPT, TREE_CONFIG, type TreeFixture } from '../../support/treeFixture';

const root = resolve(__dirname, '../../../..');

describe('engine: deciding a paused tree step', () => {
  let fx: TreeFixture;
  let store: SqlSessionStore;
  let deps: AppDeps;

  beforeEach(async () => {
    fx = makeTreeFixture(STUBBORN_SCRIPT);
    // The fixture's solver template, plus the reviewer's feedback as the real templates carry it.
    writeFileSync(fx.configPath, TREE_CONFIG.replace('{{#if feedback}}', '{{#if human_feedback}}Reviewer: {{human_feedback}}\\n{{/if}}{{#if feedback}}'));
    store = await openStore(fx.storePath);
    deps = { store, resourceRoot: root };
  });

  afterEach(async () => {
    await store.close();
    rmSync(fx.dir, { recursive: true, force: true });
  });

  const opts = () => ({ configPath: fx.configPath, provider: 'scripted', scriptPath: fx.scriptPath });
  const start = async (stepByStep = true) => startRun({ prompt: 'Write a two part note about voting', domain: 'notes', ...opts(), stepByStep }, deps);
  const decide = async (id: string, decision?: Decision, extra: { stepByStep?: boolean } = {}): Promise<RunOutcome> =>
    (await resumeRun(id, { decision, ...extra }, deps)).done;

  /** Runs to the step-by-step pause on part A's solution. */
  async function pausedOnPartA(): Promise<string> {
    const run = await start();
    let out = await run.done;
    assert.equal(out.waitState?.stepId, '1', 'paused after the root decomposition');
    out = await decide(run.sessionId, { action: 'approve' });
    assert.equal(out.waitState?.trigger, 'step_by_step');
    assert.equal(out.waitState?.stepId, '1.1');
    assert.equal(store.getStep(run.sessionId, '1.1')!.winnerText, 'A long answer');
    return run.sessionId;
  }

  it('a rejected answer that keeps coming back pauses once, as rejected_repeated; feedback then reaches the prompt', async () => {
    const id = await pausedOnPartA();
    let out = await decide(id, { action: 'reject' });
    assert.equal(out.status, 'paused');
    assert.equal(out.waitState?.trigger, 'rejected_repeated', JSON.stringify(out.waitState));
    assert.match(out.waitState!.details, /the model keeps proposing the rejected answer/);
    const step = store.getStep(id, '1.1')!;
    // k copies (plus those drawn in parallel with them), and no other pause on the way.
    const copies = step.metrics.redFlags.rejected;
    assert.ok(copies >= 1 && copies <= 5, `rejected copies: ${copies}`);
    out = await decide(id, { action: 'reject', feedback: 'say it shorter' });
    assert.equal(out.waitState?.trigger, 'step_by_step', JSON.stringify(out));
    const after = store.getStep(id, '1.1')!;
    assert.equal(after.winnerText, 'A short');
    assert.equal(after.humanFeedback, 'say it shorter');
    out = await decide(id, { action: 'approve' }, { stepByStep: false });
    assert.equal(out.status, 'completed', out.error);
  });

  it('reject with feedback on a candidate: the rejected key is excluded and the feedback is in the next prompt', async () => {
    const id = await pausedOnPartA();
    const out = await decide(id, { action: 'reject', feedback: '  say it shorter ' }, { stepByStep: false });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const step = store.getStep(id, '1.1')!;
    assert.deepEqual(step.rejectedKeys, ['A long answer']);
    assert.equal(step.winnerText, 'A short');
    assert.equal(step.humanFeedback, 'say it shorter');
  });

  it('skip completes the step without its work, and the run goes on', async () => {
    const id = await pausedOnPartA();
    const out = await decide(id, { action: 'skip' }, { stepByStep: false });
    assert.equal(out.status, 'completed', out.error);
    const step = store.getStep(id, '1.1')!;
    assert.equal(step.status, 'completed');
    assert.equal(step.skipped, true);
    assert.equal(store.getStep(id, '1.2')!.winnerText, 'B answer');
  });

  it('skip at a decomposition drops its subtasks', async () => {
    const run = await start();
    assert.equal((await run.done).waitState?.stepId, '1');
    const out = await decide(run.sessionId, { action: 'skip' });
    assert.equal(out.status, 'completed', out.error);
    assert.deepEqual(store.getSteps(run.sessionId).map((s) => [s.id, s.skipped]), [['1', true]]);
  });

  it('approve with an edit records a human-edited winner', async () => {
    const id = await pausedOnPartA();
    const out = await decide(id, { action: 'approve', edit: { text: 'A answer as I want it' } }, { stepByStep: false });
    assert.equal(out.status, 'completed', out.error);
    const step = store.getStep(id, '1.1')!;
    assert.equal(step.winnerText, 'A answer as I want it');
    assert.equal(step.humanEdited, true);
  });

  it('approve the rest of this decomposition: no more step-by-step pauses under it', async () => {
    const run = await start();
    assert.equal((await run.done).waitState?.stepId, '1');
    const out = await decide(run.sessionId, { action: 'approve', approveRest: true });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(store.getStep(run.sessionId, '1')!.approveRest, true);
    assert.equal(store.getSession(run.sessionId)!.metadata.stepByStep, true, 'the session itself still pauses step by step elsewhere');
  });

  it('step-by-step switched off while the run goes on takes effect at once and is kept for resumes', async () => {
    const run = await start();
    run.setStepByStep(false);
    const out = await run.done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(store.getSession(run.sessionId)!.metadata.stepByStep, false);
  });

  it('a sibling that paused at the same time is asked again after the other is answered, not approved silently', async () => {
    const run = await start();
    // Parts A and B do not wait for each other: both reach their step-by-step pause at once.
    writeFileSync(fx.scriptPath, JSON.stringify({ ...STUBBORN_SCRIPT, decomposition: [{ text: '1. Write part A\n2. Write part B', repeat: true }] }));
    let out = await run.done;
    const asked: string[] = [];
    for (let i = 0; i < 6 && out.status === 'paused'; i++) {
      asked.push(out.waitState!.stepId);
      // Whatever was left waiting beside the answered step still waits (or was never reached).
      for (const st of store.getSteps(run.sessionId)) if (st.status === 'waiting' && !st.childIds?.length) assert.ok(st.wait || st.id === out.waitState!.stepId, `step ${st.id} waits without its question`);
      out = await decide(run.sessionId, { action: 'approve' });
    }
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.deepEqual([...new Set(asked)].sort(), ['1', '1.1', '1.2'], 'each step asked its own question');
  });

  it('a sibling that paused only for step-by-step is not asked again once step-by-step is off', async () => {
    const run = await start();
    writeFileSync(fx.scriptPath, JSON.stringify({ ...STUBBORN_SCRIPT, decomposition: [{ text: '1. Write part A\n2. Write part B', repeat: true }] }));
    await run.done;
    await decide(run.sessionId, { action: 'approve' });
    const out = await decide(run.sessionId, { action: 'approve' }, { stepByStep: false });
    assert.equal(out.status, 'completed', JSON.stringify(out));
  });

  it('a paused session cancelled by its user decides nothing: a resume asks the same question again', async () => {
    const id = await pausedOnPartA();
    const cancelled = await cancelStopped(store, id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.waitState?.trigger, 'cancelled');
    await assert.rejects(cancelStopped(store, 'nope'), /no session nope/);
    const out = await decide(id);
    assert.equal(out.waitState?.stepId, '1.1', JSON.stringify(out));
    assert.equal(out.waitState?.trigger, 'step_by_step');
    assert.equal(store.getStep(id, '1.1')!.changeSet, undefined, 'nothing was applied (no workspace here), and the step still waits');
    assert.equal(store.getStep(id, '1.1')!.status, 'waiting');
  });
});
