// The three phases of a tree step: decompose (and vote on the decomposition), solve (and vote
// on the solution), apply (write, verify, roll back). Each leaves the step in its next phase
// and saved BEFORE any pause, so a resume continues exactly where the pause happened.
import type { EngineContext } from '../context';
import { StepPause } from '../context';
import { emptyStepMetrics, type StepRecord } from '../model';
import { excludedKeys } from '../excluded';
import type { StepSampler } from '../sampler';
import { checkMargin } from '../voting';
import { decompositionKey, parseDecomposition, textKey, type Decomposition } from './parsers';
import { pick } from './pick';
import type { StepTree } from './stepTree';

export async function decomposePhase(ctx: EngineContext, tree: StepTree, step: StepRecord): Promise<void> {
  const agent = ctx.agent('decomposition');
  const limits = ctx.domain.limits;
  const words = step.description.trim().split(/\s+/).length;
  // A re-run decomposition replaces the old children: never leave a second set behind.
  tree.removeChildren(step);
  if (!agent || step.depth >= limits.maxDepth || words < limits.minWordsToDecompose) {
    step.phase = 'solve';
    return;
  }
  const collect: StepSampler[] = [];
  const vars = await tree.promptVars(step, agent);
  const result = await withSamples(ctx, collect, () =>
    pick(ctx, step, {
      agent, judgeRole: 'decomposition_discriminator', vars, poolSize: poolSize(ctx, agent.samples), collect,
      parse: (text) => {
        const d = parseDecomposition(text);
        return { key: decompositionKey(d), output: d };
      },
    }),
  );
  step.metrics.decompositionTally = result.tally;
  ctx.adaptive.record('decomposition_discriminator', result.tally);
  ctx.events.emit({ type: 'vote_decided', sessionId: ctx.session.id, stepId: step.id, role: 'decomposition_discriminator', tally: result.tally });
  const d = result.winner.output as Decomposition;
  if (d.atomic) {
    step.phase = 'solve';
  } else {
    const ids = d.subtasks.map((_, i) => `${step.id}.${i + 1}`);
    d.subtasks.forEach((sub, i) => {
      tree.add({
        id: ids[i], parentId: step.id, depth: step.depth + 1, index: i, description: sub.description,
        status: 'pending', phase: 'decompose', metrics: emptyStepMetrics(), dependsOn: sub.after.map((j) => ids[j]), updatedAt: '',
      });
    });
    step.childIds = ids;
    step.phase = 'done';
  }
  ctx.events.emit({ type: 'decomposed', sessionId: ctx.session.id, stepId: step.id, childIds: step.childIds ?? [], atomic: d.atomic });
  ctx.saveStep(step);
  if (stepByStep(ctx, tree, step)) pause(ctx, step, 'step_by_step', d.atomic ? 'decided to solve this step directly' : `decomposed into ${d.subtasks.length} subtasks`);
  checkMargin(ctx, step, result.tally);
}

export async function solvePhase(ctx: EngineContext, tree: StepTree, step: StepRecord): Promise<void> {
  const agent = ctx.agent('solver');
  if (!agent) throw new Error(`domain '${ctx.domain.name}' has no solver agent`);
  const collect: StepSampler[] = [];
  const vars = await tree.solverVars(step, agent);
  const result = await withSamples(ctx, collect, () =>
    pick(ctx, step, {
      agent, judgeRole: 'solution_discriminator', vars, poolSize: poolSize(ctx, agent.samples), collect,
      parse: (text) => ({ key: textKey(text), output: text }), rejected: excludedKeys(step),
    }),
  );
  step.metrics.tally = result.tally;
  step.winnerText = result.winner.text;
  step.output = result.winner.output;
  ctx.adaptive.record('solution_discriminator', result.tally);
  ctx.events.emit({ type: 'vote_decided', sessionId: ctx.session.id, stepId: step.id, role: 'solution_discriminator', tally: result.tally });
  step.changeSet = undefined;
  if (ctx.workspace && ctx.domain.applier !== 'none') {
    const plan = await ctx.workspace.plan(result.winner.text, step.description);
    if (plan.ok) {
      step.changeSet = plan.changeSet;
      ctx.events.emit({ type: 'change_planned', sessionId: ctx.session.id, stepId: step.id, changeSet: plan.changeSet });
    }
  }
  step.phase = 'apply';
  ctx.saveStep(step);
  const option = result.options.indexOf(result.winner);
  if (stepByStep(ctx, tree, step)) pause(ctx, step, 'step_by_step', `solution chosen (${result.tally.votes} votes)`, option);
  try {
    checkMargin(ctx, step, result.tally);
  } catch (e) {
    if (e instanceof StepPause) e.wait.candidate = option;
    throw e;
  }
}

/** Read at each step, not once per run: a front end may switch it while the run goes on (auto-approve). */
export function stepByStep(ctx: EngineContext, tree: StepTree, step: StepRecord): boolean {
  return ctx.options.stepByStep && !tree.approvedRest(step);
}

function poolSize(ctx: EngineContext, configured: number): number {
  return ctx.options.samplesOverride ?? configured;
}

/** Persists every sample a pick drew, whether it decided or paused. */
async function withSamples<T>(ctx: EngineContext, collect: StepSampler[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    for (const s of collect) {
      if (s.samples.length) ctx.store.addSamples(ctx.session.id, s.samples);
      s.metrics.samplesRetained += s.samples.length;
      s.samples.length = 0;
    }
  }
}

export function pause(ctx: EngineContext, step: StepRecord, trigger: 'step_by_step' | 'verify_failed', details: string, candidate?: number): never {
  throw new StepPause({ stepId: step.id, trigger, details, candidate, at: new Date(ctx.clock.now()).toISOString() });
}
