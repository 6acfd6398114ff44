// A human's decision on a paused tree step, applied before the run goes on (ResumeDecision in
// context.ts): approve (as is, or the human's edit of it), reject (with feedback for the next
// prompt), or skip. Resuming also resets the counters that fired, so the pause does not re-fire.
import type { EngineContext, ResumeDecision } from '../context';
import type { StepRecord } from '../model';
import { pauseBaselineOf } from '../excluded';
import type { StepTree } from './stepTree';

export function prepareResume(ctx: EngineContext, tree: StepTree): void {
  const r = ctx.resume;
  const step = r ? tree.get(r.wait.stepId) : undefined;
  if (!r || !step) return;
  step.pauseBaseline = pauseBaselineOf(step.metrics);
  step.wait = undefined;
  const d = r.decision;
  if (d?.action === 'reject') reject(step, d);
  else if (d?.action === 'skip') skip(tree, step);
  else if (d?.action === 'approve') approve(tree, step, d);
  ctx.saveStep(step);
}

function reject(step: StepRecord, d: ResumeDecision): void {
  if (d.feedback?.trim()) step.humanFeedback = d.feedback.trim();
  const winner = step.metrics.tally?.winner;
  if (step.phase === 'apply' && winner) {
    step.rejectedKeys = [...(step.rejectedKeys ?? []), winner];
    step.phase = 'solve';
    step.changeSet = undefined;
  } else if (step.phase === 'done' && step.childIds) {
    step.phase = 'decompose';
  }
  // Paused in 'solve' (the rejected answer keeps coming back): the feedback alone is the change.
}

/** The step completes without its work: nothing is written, and a decomposition's subtasks are dropped. */
function skip(tree: StepTree, step: StepRecord): void {
  tree.removeChildren(step);
  step.skipped = true;
  step.changeSet = undefined;
  step.phase = 'done';
}

function approve(tree: StepTree, step: StepRecord, d: ResumeDecision): void {
  if (d.approveRest) {
    // The decomposition the step belongs to: its own when the pause followed its decomposition.
    const owner = step.childIds?.length ? step : (step.parentId ? tree.get(step.parentId) : undefined) ?? step;
    owner.approveRest = true;
    if (owner !== step) tree.save(owner);
  }
  if (!d.edit) return;
  step.humanEdited = true;
  if (d.edit.text !== undefined) {
    step.winnerText = d.edit.text;
    step.output = d.edit.text;
  }
  // With appliedExternally the caller wrote this change set; without, applyPhase plans the text.
  step.changeSet = d.edit.changeSet ? { ...d.edit.changeSet, applied: false } : undefined;
  step.phase = 'apply';
}
