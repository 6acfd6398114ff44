// Which step of a Hanoi chain a model request belongs to, told from the request alone: the
// prompt names the current state, and the optimal solution passes through each state once, so
// state → step index is a table built here by plain recursion (no engine code involved).

const STATE_RE = /current state:\s*(\[\s*\[[\d,\s]*\]\s*,\s*\[[\d,\s]*\]\s*,\s*\[[\d,\s]*\]\s*\])/i;

/** Step number (1-based) whose input is each state of the optimal n-disk solution. */
export function stepIndexByState(disks: number): Map<string, number> {
  const pegs: number[][] = [Array.from({ length: disks }, (_, i) => disks - i), [], []];
  const byState = new Map<string, number>();
  let step = 0;
  const visit = (): void => void byState.set(JSON.stringify(pegs), ++step);
  const move = (n: number, from: number, to: number, via: number): void => {
    if (n === 0) return;
    move(n - 1, from, via, to);
    visit();
    pegs[to].push(pegs[from].pop()!);
    move(n - 1, via, to, from);
  };
  move(disks, 0, 2, 1);
  return byState;
}

/** The step a prompt asks for, or 0 for a state off the optimal path (a wrong step was stored before it). */
export function stepOfPrompt(byState: Map<string, number>, prompt: string): number {
  const m = STATE_RE.exec(prompt);
  if (!m) return 0;
  try {
    return byState.get(JSON.stringify(JSON.parse(m[1]))) ?? 0;
  } catch {
    return 0;
  }
}

export const stepsOf = (disks: number): number => 2 ** disks - 1;
