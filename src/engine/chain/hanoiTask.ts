import * as h from './hanoi';
import type { ChainTask } from './task';

export function hanoiTask(disks: number): ChainTask<h.Pegs, h.HanoiOutput> {
  if (!Number.isInteger(disks) || disks < 1 || disks > 30) throw new Error(`disks must be an integer from 1 to 30, got ${disks}`);
  const total = h.totalSteps(disks);
  const even = disks % 2 === 0;
  return {
    name: 'hanoi',
    totalSteps: () => total,
    initialState: () => h.initialState(disks),
    promptVars: (state, previous) => ({
      disks,
      even,
      direction: even ? 'clockwise (0 -> 1 -> 2 -> 0)' : 'counter-clockwise (0 -> 2 -> 1 -> 0)',
      previous_move: previous ? `[${previous.move.join(', ')}]` : 'None',
      current_state: h.stateKey(state),
    }),
    parse: (text) => h.parseResponse(text, disks),
    key: h.outputKey,
    next: (o) => o.next_state,
    isDone: (state, done) => done >= total || h.isSolved(state, disks),
    finalError: (state) => (h.isSolved(state, disks) ? undefined : `after ${total} steps the puzzle is not solved: ${h.stateKey(state)}`),
    encodeState: (s) => JSON.stringify(s),
    decodeState: (s) => JSON.parse(s) as h.Pegs,
  };
}
