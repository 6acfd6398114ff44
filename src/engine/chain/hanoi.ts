// Towers of Hanoi, the paper's benchmark task: state, the strict response parser, and the
// solving strategy the prompt describes. Pegs are numbered from 0; disks from 1 (smallest).
//
// The parser follows the paper's red-flag parser exactly: the LAST `move = [...]` and the LAST
// `next_state = [[...],[...],[...]]` (case-insensitive), parsed as literals; the move must be
// 3 integers and the state must hold 1..N exactly once. It does not check legality: voting does.

export type Pegs = number[][];
export type Move = [number, number, number];

export interface HanoiOutput {
  move: Move;
  next_state: Pegs;
}

export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

const MOVE_RE = /\bmove\b\s*=\s*(\[[^[\]]*\])/gis;
const STATE_RE = /\bnext_state\b\s*=\s*(\[\s*\[[^[\]]*\]\s*,\s*\[[^[\]]*\]\s*,\s*\[[^[\]]*\]\s*\])/gis;

export function initialState(disks: number): Pegs {
  const first: number[] = [];
  for (let d = disks; d >= 1; d--) first.push(d);
  return [first, [], []];
}

export function totalSteps(disks: number): number {
  return 2 ** disks - 1;
}

/** The peg disk 1 moves to next: clockwise for even N, counter-clockwise for odd N, so the tower always ends on peg 2. */
export function smallestDiskDirection(disks: number): 1 | 2 {
  return disks % 2 === 0 ? 1 : 2;
}

function lastMatch(re: RegExp, text: string): string | undefined {
  let found: string | undefined;
  for (const m of text.matchAll(re)) found = m[1];
  return found;
}

/** Parses a bracketed list literal of integers (possibly nested), the only literals the task allows. */
function parseIntListLiteral(src: string, what: string): unknown {
  if (!/^[\s\d,[\]+-]*$/.test(src)) throw new FormatError(`${what} is not a list of integers: ${src.slice(0, 80)}`);
  try {
    // Python allows a trailing comma inside a list; JSON does not.
    return JSON.parse(src.replace(/(\d)\s*,\s*\]/g, '$1]'));
  } catch {
    throw new FormatError(`${what} is not a valid literal: ${src.slice(0, 80)}`);
  }
}

export function parseResponse(text: string, disks: number): HanoiOutput {
  const moveSrc = lastMatch(MOVE_RE, text);
  if (moveSrc === undefined) throw new FormatError('no `move = [...]` found');
  const stateSrc = lastMatch(STATE_RE, text);
  if (stateSrc === undefined) throw new FormatError('no `next_state = [[...], [...], [...]]` found');
  const move = parseIntListLiteral(moveSrc, 'move');
  if (!Array.isArray(move) || move.length !== 3 || !move.every((x) => Number.isInteger(x))) {
    throw new FormatError(`move must be exactly 3 integers: ${moveSrc}`);
  }
  const state = parseIntListLiteral(stateSrc, 'next_state');
  if (!Array.isArray(state) || state.length !== 3 || !state.every((p) => Array.isArray(p) && p.every((x) => Number.isInteger(x)))) {
    throw new FormatError(`next_state must be 3 lists of integers: ${stateSrc.slice(0, 80)}`);
  }
  const pegs = state as Pegs;
  const seen = new Set<number>();
  let count = 0;
  for (const peg of pegs) {
    for (const d of peg) {
      if (d < 1 || d > disks) throw new FormatError(`next_state holds disk ${d}, outside 1..${disks}`);
      if (seen.has(d)) throw new FormatError(`next_state holds disk ${d} twice`);
      seen.add(d);
      count++;
    }
  }
  if (count !== disks) throw new FormatError(`next_state holds ${count} disks, expected ${disks}`);
  return { move: move as Move, next_state: pegs };
}

export function stateKey(pegs: Pegs): string {
  return `[[${pegs[0].join(', ')}], [${pegs[1].join(', ')}], [${pegs[2].join(', ')}]]`;
}

/** The exact-match vote key: the canonical (move, next_state) pair. */
export function outputKey(out: HanoiOutput): string {
  return `move=[${out.move.join(', ')}] next_state=${stateKey(out.next_state)}`;
}

/** Applies a move, or returns why it is illegal. Never mutates its input. */
export function applyMove(pegs: Pegs, move: Move): Pegs | string {
  const [disk, from, to] = move;
  if (from < 0 || from > 2 || to < 0 || to > 2 || from === to) return `bad pegs ${from}->${to}`;
  const src = pegs[from];
  if (src.length === 0 || src[src.length - 1] !== disk) return `disk ${disk} is not on top of peg ${from}`;
  const dst = pegs[to];
  if (dst.length > 0 && dst[dst.length - 1] < disk) return `disk ${disk} cannot go on smaller disk ${dst[dst.length - 1]}`;
  const next = pegs.map((p) => p.slice());
  next[from].pop();
  next[to].push(disk);
  return next;
}

/** Every legal move in a state. */
export function legalMoves(pegs: Pegs): Move[] {
  const moves: Move[] = [];
  for (let from = 0; from < 3; from++) {
    const disk = pegs[from][pegs[from].length - 1];
    if (disk === undefined) continue;
    for (let to = 0; to < 3; to++) {
      if (to === from) continue;
      const top = pegs[to][pegs[to].length - 1];
      if (top === undefined || top > disk) moves.push([disk, from, to]);
    }
  }
  return moves;
}

/** The strategy from the prompt: move disk 1 one peg in its direction unless it just moved; else the only legal other move. */
export function strategyMove(pegs: Pegs, previous: Move | null, disks: number): Move | undefined {
  if (!previous || previous[0] !== 1) {
    const from = pegs.findIndex((p) => p[p.length - 1] === 1);
    if (from < 0) return undefined;
    return [1, from, (from + smallestDiskDirection(disks)) % 3];
  }
  return legalMoves(pegs).find((m) => m[0] !== 1);
}

export function isSolved(pegs: Pegs, disks: number): boolean {
  return pegs[2].length === disks;
}
