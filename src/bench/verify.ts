// The independent check: read the finished session back from the store page by page (most steps
// come from sealed segment files by then) and replay the winning moves on the CLI's own Hanoi
// simulator (src/engine/chain/hanoiReplay.ts, which shares no code with the engine's Hanoi module). On the way, collect
// per-step vote figures the session's totals do not hold (rounds, the worst step).
import { replayHanoi, type ReplayResult } from '../engine/chain/hanoiReplay';
import type { SessionStore } from '../engine/ports';
import { isContested } from '../engine/race';

export interface Verified extends ReplayResult {
  steps: number;
  rounds: number;
  votes: number;
  maxVotes: number;
  maxRounds: number;
  contested: number;
  readMs: number;
}

export function verifySession(store: SessionStore, sessionId: string, disks: number, page = 10_000): Verified {
  const t0 = performance.now();
  const acc = { steps: 0, rounds: 0, votes: 0, maxVotes: 0, maxRounds: 0, contested: 0 };
  function* moves(): Generator<unknown> {
    for (let offset = 0; ; offset += page) {
      const steps = store.getSteps(sessionId, { offset, limit: page });
      for (const st of steps) {
        if (st.status !== 'completed') continue;
        const t = st.metrics.tally;
        acc.steps++;
        if (t) {
          acc.rounds += t.rounds;
          acc.votes += t.votes;
          if (t.votes > acc.maxVotes) acc.maxVotes = t.votes;
          if (t.rounds > acc.maxRounds) acc.maxRounds = t.rounds;
          if (isContested(t)) acc.contested++;
        }
        yield (st.output as { move?: unknown } | undefined)?.move;
      }
      if (steps.length < page) return;
    }
  }
  const replay = replayHanoi(disks, moves());
  return { ...replay, ...acc, readMs: performance.now() - t0 };
}
