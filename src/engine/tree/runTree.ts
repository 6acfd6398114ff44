// The tree flow: decompose -> decomposition vote -> children (or solve) -> solution vote ->
// apply/verify, recursing to the depth limit. Children that do not wait for each other run at
// the same time; the LLM limiter caps the calls and a mutex serialises repository writes. A new
// session first runs the verifier once (baseline.ts).
import type { EngineContext } from '../context';
import { Halt, StepPause } from '../context';
import { emptyStepMetrics, type StepRecord } from '../model';
import { Mutex } from '../mutex';
import { applyPhase } from './applyPhase';
import { announceVerifier, runBaseline } from './baseline';
import { decomposePhase, solvePhase, stepByStep } from './phases';
import { StepTree } from './stepTree';
import { prepareResume } from './decide';

export async function runTree(ctx: EngineContext): Promise<void> {
  const tree = new StepTree(ctx, ctx.store.getSteps(ctx.session.id));
  announceVerifier(ctx);
  let root = tree.root();
  if (!root) {
    await runBaseline(ctx);
    root = {
      id: '1', parentId: null, depth: 0, index: 0, description: ctx.session.prompt, status: 'pending', phase: 'decompose',
      metrics: emptyStepMetrics(), updatedAt: '',
    };
    tree.add(root);
  }
  const reopened = tree.reopenLost();
  if (reopened.length) ctx.log.warn(`session ${ctx.session.id}: step(s) ${reopened.join(', ')} were left unfinished under finished ones (records lost on disk); running them again`);
  prepareResume(ctx, tree);
  await new TreeRun(ctx, tree).step(root);
}

class TreeRun {
  private readonly writes = new Mutex();

  constructor(
    private readonly ctx: EngineContext,
    private readonly tree: StepTree,
  ) {}

  async step(step: StepRecord): Promise<void> {
    const { ctx } = this;
    if (step.status === 'completed') return;
    if (step.status === 'waiting' && step.wait && ctx.resume?.wait.stepId !== step.id) {
      // Paused beside the step the human just answered: its own question is still open, unless
      // it only asked because of step-by-step mode and that is off for it now.
      if (step.wait.trigger !== 'step_by_step' || stepByStep(ctx, this.tree, step)) {
        ctx.halted = true;
        throw new StepPause({ ...step.wait, at: new Date(ctx.clock.now()).toISOString() });
      }
      step.wait = undefined;
    }
    const started = ctx.clock.now();
    let ownWorkDone = false;
    step.status = 'running';
    ctx.saveStep(step);
    ctx.events.emit({ type: 'step_started', sessionId: ctx.session.id, stepId: step.id, parentId: step.parentId, depth: step.depth, description: step.description, phase: step.phase });
    try {
      for (;;) {
        ctx.checkHalt();
        if (step.phase === 'decompose') await decomposePhase(ctx, this.tree, step);
        else if (step.phase === 'solve') await solvePhase(ctx, this.tree, step);
        else if (step.phase === 'apply' || step.phase === 'verify') await applyPhase(ctx, step, this.writes);
        else break;
        ctx.saveStep(step);
      }
      step.metrics.durationMs += ctx.clock.now() - started;
      ownWorkDone = true;
      await this.children(step);
      step.status = 'completed';
      step.wait = undefined;
      ctx.saveStep(step);
      ctx.account(step);
      ctx.events.emit({ type: 'step_completed', sessionId: ctx.session.id, step });
    } catch (e) {
      if (e instanceof StepPause) {
        ctx.halted = true;
        step.status = 'waiting';
        // Only the step that raised it: a parent waits because of its child, not on a question of its own.
        if (e.wait.stepId === step.id) step.wait = e.wait;
      } else if (e instanceof Halt || ctx.signal.aborted) {
        step.status = 'pending';
      } else {
        ctx.halted = true;
        step.status = 'failed';
        ctx.events.emit({ type: 'step_failed', sessionId: ctx.session.id, stepId: step.id, error: (e as Error).message });
      }
      if (!ownWorkDone) step.metrics.durationMs += ctx.clock.now() - started;
      ctx.saveStep(step);
      throw e;
    }
  }

  /** Runs children, each as soon as the siblings it waits for are done. */
  private async children(step: StepRecord): Promise<void> {
    const kids = this.tree.children(step);
    if (kids.length === 0) return;
    const running = new Map<string, Promise<void>>();
    for (const kid of kids) {
      const deps = (kid.dependsOn ?? []).map((id) => running.get(id)).filter((p): p is Promise<void> => p !== undefined);
      running.set(kid.id, Promise.all(deps).then(() => this.step(kid)));
    }
    const settled = await Promise.allSettled(running.values());
    const errors = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as Error);
    if (errors.length === 0) return;
    // The first pause wins over halts it caused in siblings; a real failure wins over both.
    throw errors.find((e) => !(e instanceof StepPause) && !(e instanceof Halt)) ?? errors.find((e) => e instanceof StepPause) ?? errors[0];
  }
}
