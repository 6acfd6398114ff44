// Checkpoints: "restore the workspace to before step N". Every applied change set is stored on
// its step, so going back is a plan over those records alone: no disk, no editor. The plan is
// one ChangeSet whose `before` is what the files must hold now (the last change's `after`) and
// whose `after` is what they held before step N. The front end applies it with the same rule as
// rollback and approval: a file in any other state was edited since, and nothing is written.
import type { ChangeSet, StepRecord } from '../engine/model';

export type RestorePlan =
  | { ok: true; changeSet: ChangeSet; stepIds: string[] }
  | { ok: false; reason: string };

/** A step whose change is on disk now: applied and not taken back since. */
export function hasLiveChange(st: StepRecord): boolean {
  return st.changeSet?.applied === true && st.changeSet.rolledBack !== true && st.changeSet.files.length > 0;
}

const label = (st: StepRecord): string => `${st.id} "${st.description.slice(0, 60)}"`;

/**
 * Plans the restore of every live change from `targetId` on. `steps` are the session's steps in
 * its order (the store's, the panel's): the change sets must chain in that order — a file's
 * `before` in one is its `after` in the previous one that touched it — or the plan is refused,
 * since undoing them in another order would not give back the bytes they started from.
 */
export function restorePlan(steps: StepRecord[], targetId: string): RestorePlan {
  const at = steps.findIndex((s) => s.id === targetId);
  if (at < 0) return { ok: false, reason: `no step ${targetId} in this session` };
  const later = steps.slice(at).filter(hasLiveChange);
  if (later.length === 0) return { ok: false, reason: `no change from step ${label(steps[at])} on is in the workspace: nothing to restore` };
  const files = new Map<string, { original: string | null; current: string | null; mode?: number; by: string }>();
  for (const st of later) {
    for (const f of st.changeSet!.files) {
      const seen = files.get(f.path);
      if (!seen) {
        files.set(f.path, { original: f.before, current: f.after, mode: f.mode, by: label(st) });
        continue;
      }
      if (seen.current !== f.before) {
        return { ok: false, reason: `step ${label(st)} changed ${f.path} from a text other than the one ${seen.by} left: the changes do not chain, so nothing is restored` };
      }
      seen.current = f.after;
      seen.by = label(st);
    }
  }
  const changeSet: ChangeSet = {
    applier: 'restore',
    applied: false,
    files: [...files].filter(([, f]) => f.current !== f.original).map(([path, f]) => ({ path, before: f.current, after: f.original, mode: f.mode })),
  };
  return { ok: true, changeSet, stepIds: later.map((st) => st.id) };
}

/** After a restore: the step's change is no longer in the workspace (it stays completed, marked undone). */
export function markUndone(st: StepRecord): void {
  if (!st.changeSet) return;
  st.changeSet.applied = false;
  st.changeSet.rolledBack = true;
}

/**
 * A paused session decided by a restore stops waiting: the step it waited on is solved again on
 * the next resume (its candidate was never approved, so it must not be applied unasked), and a
 * waiting parent goes back to pending. Returns the steps changed, to be saved.
 */
export function releaseWaits(steps: StepRecord[]): StepRecord[] {
  const waiting = steps.filter((s) => s.status === 'waiting');
  for (const st of waiting) {
    if (st.childIds?.length) st.status = 'pending';
    else reopenForRerun(st);
  }
  return waiting;
}

/**
 * For "restore and re-run": the step is solved again from its vote on (its spend so far stays in
 * its metrics, so the session's totals do not forget it). The engine reopens finished ancestors
 * of a pending step itself (StepTree.reopenLost), so only the step is touched here.
 */
export function reopenForRerun(st: StepRecord): void {
  st.status = 'pending';
  st.phase = 'solve';
  st.changeSet = undefined;
  st.winnerText = undefined;
  st.output = undefined;
  st.feedback = undefined;
  st.attempts = undefined;
  st.metrics.tally = undefined;
  st.metrics.verification = undefined;
}

const normalize = (s: string | null): string | null => (s === null ? null : s.replace(/\r\n/g, '\n'));

/**
 * Which side of a change set the files are on, given their current texts (null: no such file):
 * 'before' after an editor Undo took it back, 'after' while it is in place, 'other' when edited.
 */
export function changeSetSide(cs: ChangeSet, current: (path: string) => string | null): 'before' | 'after' | 'other' {
  const texts = cs.files.map((f) => normalize(current(f.path)));
  if (cs.files.every((f, i) => texts[i] === normalize(f.after))) return 'after';
  if (cs.files.every((f, i) => texts[i] === normalize(f.before))) return 'before';
  return 'other';
}
