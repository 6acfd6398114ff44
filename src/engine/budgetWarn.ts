// The spend warning (--warn-usd, limits.warn_usd): the first time a session's spend reaches the
// mark, it is noted on the session (metadata.budgetWarned, kept across resumes by the runner) and
// the run goes on; the caller emits the one `budget_warning` event. A resume of a session already
// warned at this mark does not warn again; a higher mark given later warns once more when reached.
import type { BudgetWarned, SessionRecord } from './model';

/** The warning to give now, recorded on the session; undefined when none is due. */
export function dueWarning(session: SessionRecord, warnUsd: number | undefined, at: string): BudgetWarned | undefined {
  if (warnUsd === undefined || !(session.metrics.costUsd >= warnUsd)) return undefined;
  const before = session.metadata.budgetWarned;
  if (before && before.warnUsd >= warnUsd) return undefined;
  const w: BudgetWarned = { at, spentUsd: session.metrics.costUsd, warnUsd };
  session.metadata.budgetWarned = w;
  return w;
}
