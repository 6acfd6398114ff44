// How many rounds a race takes, for billing by request rather than by sample. A race draws k
// samples at once, then only as many as the leader still lacks (DESIGN: voting). With
// n-sampling each such round is one request, so its prompt is billed once per round: the
// planner needs E[rounds] beside E[samples].
//
// The model is the paper's (two candidates, the right one with probability p per valid sample;
// a red-flagged sample counts for neither). The state is the margin m of the right answer over
// the wrong one, |m| < k; a round draws d = k - |m| samples. A round can only end the race on
// its last sample (reaching +-k needs all d to go one way), so rounds never change the walk and
// E[samples] stays the gambler's-ruin figure; the unit test checks it against the planner's.

export interface RaceRounds {
  /** Expected rounds (batches drawn at once) per step. */
  rounds: number;
  /** Expected samples per step, red-flagged ones included. */
  samples: number;
}

/**
 * Past this k the linear system (2k - 1 unknowns, built in O(k^3)) is too slow to solve on the
 * fly; such a k only arises for p a hair above 1/2, where no plan is worth running anyway.
 */
export const MAX_ROUNDS_K = 200;

/** E[rounds] and E[samples] per step for per-sample success p, margin k and valid-sample rate v; undefined when k > MAX_ROUNDS_K or p <= 1/2. */
export function raceRounds(p: number, k: number, v = 1): RaceRounds | undefined {
  if (!(p > 0.5) || !Number.isInteger(k) || k < 1 || k > MAX_ROUNDS_K || !(v > 0)) return undefined;
  const right = Math.log(v * p);
  const wrong = Math.log(v * (1 - p));
  const flagged = Math.log(1 - v);
  const lnFact = logFactorials(k);
  const n = 2 * k - 1;
  const index = (m: number) => m + k - 1;
  // Rows: x(m) - sum_{m'} P(m -> m') x(m') = cost(m), for x = rounds (cost 1) and samples (cost d).
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let m = -(k - 1); m <= k - 1; m++) {
    const row = a[index(m)];
    row[index(m)] += 1;
    const d = k - Math.abs(m);
    for (let j = 0; j <= d; j++) {
      for (let w = 0; j + w <= d; w++) {
        const next = m + j - w;
        if (next >= k || next <= -k) continue; // decided: no further cost
        const lnP = lnFact[d] - lnFact[j] - lnFact[w] - lnFact[d - j - w] + times(j, right) + times(w, wrong) + times(d - j - w, flagged);
        row[index(next)] -= Math.exp(lnP);
      }
    }
  }
  const rhs = Array.from({ length: n }, (_, i) => [1, k - Math.abs(i - (k - 1))]);
  const [rounds, samples] = solve(a, rhs)[index(0)];
  return { rounds, samples };
}

/** count * ln(prob), with 0 * ln(0) = 0 (an outcome that needs none of an impossible kind). */
function times(count: number, lnProb: number): number {
  return count === 0 ? 0 : count * lnProb;
}

function logFactorials(n: number): number[] {
  const out = [0];
  for (let i = 1; i <= n; i++) out.push(out[i - 1] + Math.log(i));
  return out;
}

/** Gaussian elimination with partial pivoting for A X = B (B with several columns). A is diagonally dominant here, so it is well conditioned. */
function solve(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r][c] -= f * a[col][c];
      for (let c = 0; c < b[r].length; c++) b[r][c] -= f * b[col][c];
    }
  }
  const x = b.map((row) => row.map(() => 0));
  for (let r = n - 1; r >= 0; r--) {
    for (let c = 0; c < b[r].length; c++) {
      let s = b[r][c];
      for (let j = r + 1; j < n; j++) s -= a[r][j] * x[j][c];
      x[r][c] = s / a[r][r];
    }
  }
  return x;
}
