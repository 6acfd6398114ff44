// The chain flow (MAKER's generate_solution): for each step, render the prompt once, race
// exact-match votes on the parsed (action, next state), and feed the winner's next state to the
// next step. Only completed steps become rows, so resume starts right after the last one.
import type { EngineContext } from '../context';
import { StepPause } from '../context';
import { emptyStepMetrics, type StepRecord } from '../model';
import { Race } from '../race';
import { buildPipeline } from '../redflags/build';
import { StepSampler } from '../sampler';
import { render } from '../template';
import { checkMargin, decide } from '../voting';
import type { ChainTask } from './task';

export async function runChain<S, O>(ctx: EngineContext, task: ChainTask<S, O>): Promise<void> {
  const agent = ctx.agent('solver');
  if (!agent) throw new Error(`domain '${ctx.domain.name}' has no solver agent`);
  const pipeline = buildPipeline(ctx.domain, agent, { llm: ctx.llm, defaultProvider: ctx.options.provider, parse: task.parse, signal: ctx.signal });
  const parse = (text: string) => {
    const output = task.parse(text);
    return { key: task.key(output), output };
  };
  const sid = ctx.session.id;

  let index = 0;
  let state = task.initialState();
  let previous: O | undefined;
  const start = ctx.options.chainStart;
  if (start) {
    state = task.decodeState(start.state);
    previous = start.previous as O | undefined;
  }
  const stop = ctx.options.maxSteps ?? Infinity;
  const last = ctx.store.lastCompletedChainStep(sid);
  if (last) {
    index = last.index + 1;
    previous = last.output as O;
    state = task.next(previous);
  }

  while (!task.isDone(state, index) && index < stop) {
    ctx.checkHalt();
    const k = ctx.kFor('solver');
    const started = ctx.clock.now();
    const id = String(index + 1);
    const step: StepRecord = resumedStep(ctx, id) ?? {
      id, parentId: null, depth: 0, index, description: `step ${index + 1} of ${task.totalSteps()}`,
      status: 'running', phase: 'solve', input: task.encodeState(state), metrics: emptyStepMetrics(), updatedAt: '',
    };
    if (ctx.events.hasListeners) {
      ctx.events.emit({ type: 'step_started', sessionId: sid, stepId: id, parentId: null, depth: 0, description: step.description, phase: 'solve' });
    }
    let output: O;
    if (step.status === 'waiting' && step.output !== undefined && ctx.resume?.decision?.action !== 'reject') {
      // Paused after its vote (low margin / step-by-step): the human let the winner stand.
      output = step.output as O;
    } else {
      if (step.status === 'waiting' && step.winnerText !== undefined && ctx.resume?.decision?.action === 'reject' && step.metrics.tally?.winner) {
        step.rejectedKeys = [...(step.rejectedKeys ?? []), step.metrics.tally.winner];
      }
      step.status = 'running';
      step.output = undefined;
      step.winnerText = undefined;
      const prompt = render(agent.template, task.promptVars(state, previous, index));
      const system = agent.system === undefined ? undefined : render(agent.system, task.promptVars(state, previous, index));
      const sampler = new StepSampler(ctx, step, {
        agent, prompt, system, pipeline, parse, meta: { step: index, chain: task.name },
        rejected: step.rejectedKeys ? new Set(step.rejectedKeys) : undefined,
      });
      const race = new Race({ k, voteCap: Math.max(ctx.domain.limits.voteCap, k) });
      try {
        const result = await decide(ctx, step, race, () => sampler.draw());
        const win = result.byKey.get(result.winner)!;
        step.metrics.tally = result.tally;
        step.winnerText = win.text;
        step.output = win.output;
        ctx.adaptive.record('solver', result.tally);
        ctx.events.emit({ type: 'vote_decided', sessionId: sid, stepId: id, role: 'solver', tally: result.tally });
        if (ctx.options.stepByStep) throw new StepPause({ stepId: id, trigger: 'step_by_step', details: `step ${index + 1} decided: ${result.winner}`, at: iso(ctx) });
        checkMargin(ctx, step, result.tally);
      } catch (e) {
        if (e instanceof StepPause) {
          step.status = 'waiting';
          step.metrics.durationMs += ctx.clock.now() - started;
          ctx.saveStep(step);
          ctx.store.addSamples(sid, sampler.samples);
        }
        throw e;
      } finally {
        step.metrics.samplesRetained = sampler.samples.length;
      }
      ctx.store.addSamples(sid, sampler.samples);
      output = step.output as O;
    }
    step.status = 'completed';
    step.phase = 'done';
    step.metrics.durationMs += ctx.clock.now() - started;
    ctx.saveStep(step);
    ctx.account(step);
    if (ctx.events.hasListeners) ctx.events.emit({ type: 'step_completed', sessionId: sid, step });
    previous = output;
    state = task.next(output);
    index++;
  }
  if (index >= task.totalSteps()) {
    const error = task.finalError(state);
    if (error) throw new Error(error);
  }
}

/** The step a resume names in its wait state, with the counters that fired reset. */
function resumedStep(ctx: EngineContext, id: string): StepRecord | undefined {
  if (ctx.resume?.wait.stepId !== id) return undefined;
  const step = ctx.store.getStep(ctx.session.id, id);
  if (!step || step.status === 'completed') return undefined;
  const m = step.metrics;
  step.pauseBaseline = { redFlags: Object.values(m.redFlags).reduce((a, b) => a + b, 0), resamples: m.resamples };
  return step;
}

function iso(ctx: EngineContext): string {
  return new Date(ctx.clock.now()).toISOString();
}
