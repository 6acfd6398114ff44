// The per-step cap (limits.max_cost_per_step, --max-step-usd): a race that would spend past it
// pauses the session with its tally, before the request that would cross it is sent. "Would":
// what the step has spent (its calls in flight held at the session's mean cost, sampler.ts
// holdPending) plus one more sample at the measured cost per sample. A resume counts the step
// again from what it had spent at the pause (pauseBaseline.costUsd), so resuming approves one
// more cap's worth for that step; a higher cap given on resume works too.
import { StepPause, type EngineContext } from './context';
import type { SampleRecord, StepRecord } from './model';

/** Throws StepPause('step_budget') when one more sample would take the step past its cap. */
export function checkStepBudget(ctx: EngineContext, step: StepRecord, drawn: readonly SampleRecord[]): void {
  const cap = ctx.options.maxStepUsd;
  if (cap === undefined) return;
  const m = step.metrics;
  const spent = m.costUsd + (m.pendingUsd ?? 0) - (step.pauseBaseline?.costUsd ?? 0);
  const next = costPerSample(ctx, step, drawn);
  if (!(next > 0) || spent + next <= cap) return;
  ctx.halted = true;
  const votes = votesSoFar(drawn);
  throw new StepPause({
    stepId: step.id,
    trigger: 'step_budget',
    details:
      `this step has spent $${spent.toFixed(4)} of its $${cap.toFixed(4)} cap (${m.samplesRequested} samples, votes so far ${votes}); ` +
      `the next sample would cost about $${next.toFixed(4)}. Resume to allow it another $${cap.toFixed(4)}, or raise --max-step-usd (limits.max_cost_per_step).`,
    at: new Date(ctx.clock.now()).toISOString(),
  });
}

/** The session's mean cost per sample; before its totals hold any, this step's own. */
function costPerSample(ctx: EngineContext, step: StepRecord, drawn: readonly SampleRecord[]): number {
  const sm = ctx.session.metrics;
  if (sm.samples > 0 && sm.costUsd > 0) return sm.costUsd / sm.samples;
  return drawn.length > 0 ? step.metrics.costUsd / drawn.length : 0;
}

/** "2–1" over the valid samples drawn (most first), "none" before any. */
export function votesSoFar(drawn: readonly SampleRecord[]): string {
  const counts = new Map<string, number>();
  for (const s of drawn) if (!s.flags.length && s.key !== undefined) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  if (counts.size === 0) return 'none';
  return [...counts.values()].sort((a, b) => b - a).join('–');
}
