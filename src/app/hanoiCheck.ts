// A Hanoi session's independent check: its winning moves replayed from the store, page by page.
// The CLI's end-of-run summary and the extension's panel both say "solved"/"not solved" from it.
import { replayHanoi, type ReplayResult } from '../engine/chain/hanoiReplay';
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';

export type { ReplayResult };

/** Replays a Hanoi session's winning moves, reading its steps page by page. */
export function replaySession(store: SessionStore, s: SessionRecord): ReplayResult {
  const disks = Math.round(Math.log2(s.metrics.stepsTotal + 1));
  function* moves() {
    const page = 10_000;
    for (let offset = 0; ; offset += page) {
      const steps = store.getSteps(s.id, { offset, limit: page });
      for (const st of steps) if (st.status === 'completed') yield (st.output as { move?: unknown } | undefined)?.move;
      if (steps.length < page) return;
    }
  }
  return replayHanoi(disks, moves());
}

/** Whether a Hanoi session can be checked at all (its domain) — other chains have no replay. */
export function isHanoiSession(s: SessionRecord): boolean {
  return s.domain === 'hanoi' || s.flow === 'chain';
}
