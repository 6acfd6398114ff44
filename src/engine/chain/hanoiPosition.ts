// Any point of the optimal Towers of Hanoi solution in O(disks), without replaying the moves
// before it: `microfactory estimate` samples random steps of chains up to 2^20 - 1 moves long.
//
// In the optimal solution moving N disks from peg 0 to peg 2, disk k (1 = smallest) moves every
// 2^k moves, first at move 2^(k-1), so after t moves it has moved floor((t + 2^(k-1)) / 2^k)
// times; and it always moves the same way round: two pegs forward (0 -> 2 -> 1) when N - k is
// even, one peg forward (0 -> 1 -> 2) when it is odd. That is the prompt's procedure (disk 1
// clockwise for even N, counter-clockwise for odd N), so these are also its answers.
import type { Move, Pegs } from './hanoi';

function pegOf(disks: number, disk: number, moves: number): number {
  const times = Math.floor((moves + 2 ** (disk - 1)) / 2 ** disk);
  const step = (disks - disk) % 2 === 0 ? 2 : 1;
  return (times * step) % 3;
}

/** The state after the first `moves` moves (0 <= moves <= 2^disks - 1). */
export function stateAfter(disks: number, moves: number): Pegs {
  const pegs: Pegs = [[], [], []];
  for (let d = disks; d >= 1; d--) pegs[pegOf(disks, d, moves)].push(d);
  return pegs;
}

/** Move number `n` (1-based): the disk it moves and the pegs it goes between. */
export function moveNumber(disks: number, n: number): Move {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** disks - 1) throw new RangeError(`move ${n} is outside 1..${2 ** disks - 1}`);
  let disk = 1;
  while ((n / 2 ** (disk - 1)) % 2 === 0) disk++;
  return [disk, pegOf(disks, disk, n - 1), pegOf(disks, disk, n)];
}
