// The answers a step may not pick again (a human rejected them, or their change failed
// verification), with the red flag each copy gets, and where a step's pause counters start again
// after a human answered. The sampler flags by these; the chain and tree flows read them on resume.
import type { RedFlagHit, StepMetrics, StepRecord } from './model';

/** The red flag on a copy of a candidate whose change failed verification. */
export const VERIFY_FAILED_FLAG = 'verify_failed';
/** The red flag on a copy of a candidate a human rejected. */
export const REJECTED_FLAG = 'rejected';

/**
 * The keys a step may not pick again, each flagged with its real cause: a human's rejection, or a
 * failed verification (no human acted then; the flag quotes the verifier's verdict).
 */
export function excludedKeys(step: StepRecord): Map<string, RedFlagHit> | undefined {
  if (!step.rejectedKeys?.length && !step.failedKeys?.length) return undefined;
  const out = new Map<string, RedFlagHit>();
  for (const f of step.failedKeys ?? []) out.set(f.key, { flagger: VERIFY_FAILED_FLAG, reason: `failed verification: ${f.verdict}` });
  // A human who rejects a candidate has the last word on why it is excluded.
  for (const key of step.rejectedKeys ?? []) out.set(key, { flagger: REJECTED_FLAG, reason: 'a human rejected this answer' });
  return out;
}

/** Where a step's pause counters start again after a human answered its pause (so it does not re-fire at once). */
export function pauseBaselineOf(m: StepMetrics): NonNullable<StepRecord['pauseBaseline']> {
  return { redFlags: Object.values(m.redFlags).reduce((a, b) => a + b, 0), resamples: m.resamples, rejected: m.redFlags[REJECTED_FLAG] ?? 0, costUsd: m.costUsd };
}
