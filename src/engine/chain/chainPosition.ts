// Where a chain continues from its stored steps. Not simply "after the last completed step": a
// step lost on disk (a damaged journal line, an unreadable segment moved aside) leaves a gap, and
// a chain that went on after it would complete with a hole. So the stored steps are walked in
// index order and each one's input must be the state its predecessor's winning output leads to;
// the run continues from the first step that is missing or does not follow, with the last state
// that did. Steps stored beyond that point are checked again once the run reaches them (`next`).
import type { StepRecord } from '../model';
import type { SessionStore } from '../ports';
import type { ChainTask } from './task';

/**
 * Root steps read per store call while walking: few at first, since a walk that resumes after a
 * re-run step often stops at once (a diverged chain is walked again after every step), then more.
 */
const FIRST_PAGE = 16;
const MAX_PAGE = 5000;

export interface ChainPosition<S, O> {
  /** The index of the next step to run. */
  index: number;
  /** Its input state, and the winning output of the step before it. */
  state: S;
  previous: O | undefined;
  /** Stored steps lie beyond `index`: why they could not be followed (for the log). */
  gap?: string;
  /** The index of the first stored step beyond `index`: walk again from there once the run reaches it. */
  next?: number;
}

/**
 * Walks the stored root steps from `from.index`. Every step before it must be stored and already
 * verified (the walk reads them by position: with no gap below, position == index).
 */
export function chainPosition<S, O>(store: SessionStore, sessionId: string, task: ChainTask<S, O>, from: ChainPosition<S, O>): ChainPosition<S, O> {
  let { index, state, previous } = from;
  // The last step accepted, to step back to when its successor does not follow from it: either
  // side may be the damaged one, and its input is a state we trust.
  let before: { state: S; previous: O | undefined } | undefined;
  for (let offset = from.index, limit = FIRST_PAGE; ; offset += limit, limit = Math.min(MAX_PAGE, limit * 4)) {
    const page = store.getSteps(sessionId, { parentId: null, offset, limit });
    for (const st of page) {
      if (st.index < index) continue;
      if (st.index > index) return { index, state, previous, gap: `${st.index - index > 1 ? `steps ${index + 1}-${st.index} are` : `step ${index + 1} is`} missing from the store`, next: st.index };
      // A paused or unfinished step: the run picks it up where it is, then walks the stored steps
      // after it (a damaged journal line can lose a step's completion while its earlier record and
      // the steps after it survive: those are kept, not bought again).
      if (st.status !== 'completed' || st.output === undefined) return { index, state, previous, next: index + 1 };
      if (st.input !== undefined && st.input !== task.encodeState(state)) return broken(st, { index, state, previous }, before);
      before = { state, previous };
      previous = st.output as O;
      state = task.next(previous);
      index++;
    }
    if (page.length < limit) return { index, state, previous };
  }
}

/**
 * The stored step `st` does not follow from the state the walk reached. Step back one (either side
 * may be the damaged one) when the walk accepted a step; at the walk's first step, run that one.
 */
function broken<S, O>(st: StepRecord, at: ChainPosition<S, O>, before: { state: S; previous: O | undefined } | undefined): ChainPosition<S, O> {
  const gap = `step ${st.index + 1}'s input is not the state step ${st.index} led to`;
  return before ? { index: at.index - 1, ...before, gap, next: at.index } : { ...at, gap, next: at.index + 1 };
}
