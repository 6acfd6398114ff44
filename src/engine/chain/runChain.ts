// The chain flow (MAKER's generate_solution): for each step, render the prompt once, race
// exact-match votes on the parsed (action, next state), and feed the winner's next state to the
// next step. Only completed steps become rows, so resume starts right after the last one.
import type { EngineContext } from '../context';
import { StepPause } from '../context';
import { emptyStepMetrics, type StepRecord } from '../model';
import { Race } from '../race';
import { buildPipeline } from '../redflags/build';
import type { ParsedSample, Parser } from '../redflags/types';
import { excludedKeys, pauseBaselineOf } from '../excluded';
import { StepSampler } from '../sampler';
import { raceGoesOn, storedVotes } from '../storedVotes';
import { stablePrefixOf } from '../stablePart';
import { memoRenderer, render } from '../template';
import { checkMargin, decide } from '../voting';
import { type ChainTask, sampleParser } from './task';
import { chainPosition, type ChainPosition } from './chainPosition';

/** Longest stretch a run goes without yielding to the event loop (signals, timers, other I/O). */
const YIELD_EVERY_MS = 50;

export async function runChain<S, O>(ctx: EngineContext, task: ChainTask<S, O>): Promise<void> {
  const agent = ctx.agent('solver');
  if (!agent) throw new Error(`domain '${ctx.domain.name}' has no solver agent`);
  // Exact-match voting: identical texts are identical votes, so each distinct text is parsed once
  // per step. The format red flag parses a sample; the sampler takes its vote key from that parse.
  const memo = new ParseMemo(sampleParser(task));
  const pipeline = buildPipeline(ctx.domain, agent, { llm: ctx.llm, defaultProvider: ctx.options.provider, parse: memo.parse, signal: ctx.signal });
  const sid = ctx.session.id;
  let lastYield = ctx.clock.now();
  const renderSystem = agent.system === undefined ? undefined : memoRenderer(agent.system);

  const start = ctx.options.chainStart;
  // Where to go on from the stored steps: after the last one that follows from its predecessor
  // (chainPosition.ts), so a step lost on disk is run again rather than left as a hole.
  let pos = walk(ctx, task, { index: 0, state: start ? task.decodeState(start.state) : task.initialState(), previous: start?.previous as O | undefined });
  let { index, state, previous } = pos;
  // Where a walk stopped, the stored step may be one left unfinished (a pause, a cancel, a kill): the run picks it up.
  let pickUp = index;
  const stop = ctx.options.maxSteps ?? Infinity;

  while (!task.isDone(state, index) && index < stop) {
    ctx.checkHalt();
    const k = ctx.kFor('solver');
    let started = ctx.clock.now();
    if (started - lastYield >= YIELD_EVERY_MS) {
      // A simulated model answers without I/O, so a run would otherwise never let Ctrl-C, the
      // store's background checkpoints or a UI's timers run until it ends.
      await new Promise<void>((resolve) => setImmediate(resolve));
      ctx.checkHalt();
      lastYield = started = ctx.clock.now();
    }
    const id = String(index + 1);
    const stored = index === pickUp ? pickedUp(ctx, id, task.encodeState(state)) : undefined;
    // What the picked-up step had paid is in the session's totals already (totals.ts): taken back when it is counted again.
    const since = stored && { ...stored.metrics, redFlags: { ...stored.metrics.redFlags } };
    const step: StepRecord = stored ?? {
      id, parentId: null, depth: 0, index, description: `step ${index + 1} of ${task.totalSteps()}`,
      status: 'running', phase: 'solve', input: task.encodeState(state), metrics: emptyStepMetrics(), updatedAt: '',
    };
    if (ctx.events.hasListeners) {
      ctx.events.emit({ type: 'step_started', sessionId: sid, stepId: id, parentId: null, depth: 0, description: step.description, phase: 'solve' });
    }
    let output: O;
    let samples: StepSampler['samples'] | undefined;
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
      const vars = task.promptVars(state, previous, index);
      const prompt = render(agent.template, vars);
      const system = renderSystem?.(vars);
      memo.clear();
      const rejected = excludedKeys(step);
      // A race stopped by a provider error, the budget or a crash goes on with the votes it paid for.
      const seed = stored && raceGoesOn(id, ctx.resume?.wait) ? storedVotes(ctx.store, sid, step, agent.role, memo.parse, rejected) : undefined;
      const sampler = new StepSampler(ctx, step, {
        agent, prompt, stablePrefix: stablePrefixOf(agent.template, vars, prompt), system, pipeline, parse: memo.parse, meta: { step: index, chain: task.name }, rejected, firstSeq: seed?.nextSeq,
      });
      const race = new Race({ k, voteCap: Math.max(ctx.domain.limits.voteCap, k), rule: ctx.domain.voteRule });
      try {
        const result = await decide(ctx, step, race, sampler.round, seed?.votes);
        const win = result.byKey.get(result.winner)!;
        step.metrics.tally = result.tally;
        step.winnerText = win.text;
        step.output = win.output;
        ctx.adaptive.record('solver', result.tally);
        if (ctx.events.hasListeners) ctx.events.emit({ type: 'vote_decided', sessionId: sid, stepId: id, role: 'solver', tally: result.tally });
        if (ctx.options.stepByStep) throw new StepPause({ stepId: id, trigger: 'step_by_step', details: `step ${index + 1} decided: ${result.winner}`, at: iso(ctx) });
        checkMargin(ctx, step, result.tally);
      } catch (e) {
        if (e instanceof StepPause) {
          step.status = 'waiting';
          step.metrics.durationMs += ctx.clock.now() - started;
          ctx.saveStep(step);
          ctx.store.addSamples(sid, sampler.samples);
        }
        // Paid, though unfinished: it counts now, and a resume takes it back before counting it again.
        ctx.account(step, since, true);
        throw e;
      } finally {
        step.metrics.samplesRetained = sampler.samples.length;
      }
      samples = sampler.samples;
      output = step.output as O;
    }
    step.status = 'completed';
    step.phase = 'done';
    step.metrics.durationMs += ctx.clock.now() - started;
    // The samples and the finished step in one store write.
    ctx.saveStep(step, samples);
    ctx.account(step, since);
    if (ctx.events.hasListeners) ctx.events.emit({ type: 'step_completed', sessionId: sid, step });
    previous = output;
    state = task.next(output);
    index++;
    if (pos.next !== undefined && index >= pos.next) {
      // The lost range is run again: go on after the stored steps that follow from it.
      pos = walk(ctx, task, { index, state, previous });
      ({ index, state, previous } = pos);
      pickUp = index;
    }
  }
  if (index >= task.totalSteps()) {
    const error = task.finalError(state);
    if (error) throw new Error(error);
  }
}

function walk<S, O>(ctx: EngineContext, task: ChainTask<S, O>, from: ChainPosition<S, O>): ChainPosition<S, O> {
  const pos = chainPosition(ctx.store, ctx.session.id, task, from);
  if (pos.gap) ctx.log.warn(`session ${ctx.session.id}: ${pos.gap}; running again from step ${pos.index + 1}`);
  return pos;
}

/**
 * The stored step `id` when it was left unfinished for this very input: paused, cancelled or cut
 * off by a crash after it journaled paid samples. The step a resume names in its wait state gets
 * the counters that fired reset.
 */
function pickedUp(ctx: EngineContext, id: string, input: string): StepRecord | undefined {
  const step = ctx.store.getStep(ctx.session.id, id);
  if (!step || step.status === 'completed' || (step.input !== undefined && step.input !== input)) return undefined;
  const m = step.metrics;
  if (m.pendingUsd) {
    // Requests that were out when its process died may have been billed: they stay counted, at the estimate held for them.
    m.costUsd += m.pendingUsd;
    m.pendingUsd = 0;
  }
  if (ctx.resume?.wait.stepId === id) {
    step.pauseBaseline = pauseBaselineOf(m);
  }
  return step;
}

function iso(ctx: EngineContext): string {
  return new Date(ctx.clock.now()).toISOString();
}

/**
 * Parses each distinct text once until clear(); a parse error is remembered and thrown again.
 * Two short arrays, not a Map: a step has one to three distinct texts, and a long-lived Map
 * cleared every step made V8 promote its short-lived entries (measured: most of the GC time).
 */
class ParseMemo {
  private readonly texts: string[] = [];
  private readonly results: (ParsedSample | { error: unknown })[] = [];

  constructor(private readonly fn: Parser) {}

  clear(): void {
    this.texts.length = 0;
    this.results.length = 0;
  }

  readonly parse = (text: string): ParsedSample => {
    const i = this.texts.indexOf(text);
    let hit = i >= 0 ? this.results[i] : undefined;
    if (!hit) {
      try {
        hit = this.fn(text);
      } catch (error) {
        hit = { error };
      }
      if (this.texts.length < MEMO_TEXTS) {
        this.texts.push(text);
        this.results.push(hit);
      }
    }
    if ('error' in hit) throw hit.error;
    return hit;
  };
}

/** Distinct texts remembered per step (a step past this many distinct answers parses the rest each time). */
const MEMO_TEXTS = 8;
