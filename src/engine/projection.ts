// The projected total of a running session: what it has spent plus what its remaining steps
// should cost, measured from the session itself (remaining steps × samples per step × cost per
// sample), with a range. One rule for every view (CLI progress, VS Code progress, the panel,
// `status --json`), read from the stored totals only, so a resumed session (its totals recounted
// after a crash, store/recovery.ts) projects from what it really paid.
//
// The range. Samples per step vary from step to step (a contested race draws more), so the
// remaining R steps draw R·μ samples give or take: each step's spread σ (measured over the n steps
// that sampled) adds up over R independent steps to σ·√R, and μ itself is only known to σ/√n,
// which over R steps is R·σ/√n. Together sd = σ·√(R + R²/n); the range is R·μ ± 2·sd samples (about
// 95 % when the spread is normal-ish), never below zero. The cost per sample is taken as measured.
//
// "Remaining": a chain knows its step count, so it is the steps left. A tree only knows the steps
// decomposed so far; its remaining steps are those not yet completed, and `open` says the total
// may still grow (the projection is then a floor).
import type { SessionMetrics } from './model';

export interface Projection {
  /** Steps still to run (for a tree: known so far). */
  remainingSteps: number;
  samplesPerStep: number;
  /** Samples the remaining steps should draw, with the range. */
  samples: { mid: number; low: number; high: number };
  /** The projected total spend in USD (spent + remaining); undefined when nothing was priced. */
  usd?: { mid: number; low: number; high: number };
  /** A tree still decomposing: more steps may come, the projection is a floor. */
  open: boolean;
}

/** undefined until a step has sampled (nothing is measured yet). */
export function projectTotal(m: SessionMetrics, flow: 'tree' | 'chain'): Projection | undefined {
  const n = m.stepsSampled ?? 0;
  if (n <= 0 || m.samples <= 0) return undefined;
  const mu = m.samples / n;
  const variance = Math.max(0, (m.samplesSq ?? 0) / n - mu * mu);
  const remaining = Math.max(0, m.stepsTotal - m.stepsCompleted);
  const sd = Math.sqrt(variance) * Math.sqrt(remaining + (remaining * remaining) / n);
  const mid = remaining * mu;
  const samples = { mid, low: Math.max(0, mid - 2 * sd), high: mid + 2 * sd };
  const perSample = m.costUsd / m.samples;
  const usd = m.costUsd > 0
    ? { mid: m.costUsd + samples.mid * perSample, low: m.costUsd + samples.low * perSample, high: m.costUsd + samples.high * perSample }
    : undefined;
  return { remainingSteps: remaining, samplesPerStep: mu, samples, usd, open: flow === 'tree' && remaining > 0 };
}
