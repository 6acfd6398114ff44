// An independent check of a Hanoi session: replays the winning moves on its own simulator
// (it shares no code with the engine's Hanoi module: it sits beside it so the CLI summary and the
// benchmark, two front ends, can both use it) and counts illegal moves.

export interface ReplayResult {
  moves: number;
  illegal: number;
  firstIllegal?: { step: number; move: unknown; why: string };
  solved: boolean;
}

export function replayHanoi(disks: number, moves: Iterable<unknown>): ReplayResult {
  const pegs: number[][] = [Array.from({ length: disks }, (_, i) => disks - i), [], []];
  let count = 0;
  let illegal = 0;
  let firstIllegal: ReplayResult['firstIllegal'];
  for (const m of moves) {
    count++;
    const why = check(pegs, m);
    if (why) {
      illegal++;
      firstIllegal ??= { step: count, move: m, why };
      continue;
    }
    const [, from, to] = m as number[];
    pegs[to].push(pegs[from].pop()!);
  }
  return { moves: count, illegal, firstIllegal, solved: pegs[2].length === disks };
}

function check(pegs: number[][], m: unknown): string | undefined {
  if (!Array.isArray(m) || m.length !== 3) return 'not a [disk, from, to] triple';
  const [disk, from, to] = m as number[];
  if (![from, to].every((p) => p === 0 || p === 1 || p === 2) || from === to) return 'bad peg numbers';
  const src = pegs[from];
  if (src.length === 0) return `peg ${from} is empty`;
  if (src[src.length - 1] !== disk) return `disk ${disk} is not on top of peg ${from}`;
  const dst = pegs[to];
  if (dst.length > 0 && dst[dst.length - 1] < disk) return `disk ${disk} would sit on smaller disk ${dst[dst.length - 1]}`;
  return undefined;
}
