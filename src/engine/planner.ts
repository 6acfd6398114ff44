// The paper's cost model (MAKER, Section 4, m = 1):
//   p_sub  = 1 / (1 + ((1-p)/p)^k)                  per-step success with first-to-ahead-by-k
//   p_full = p_sub^s
//   k_min  = ceil( ln(t^(-1/s) - 1) / ln((1-p)/p) )  Eq. 14, Θ(ln s)
//   E[votes per step] = k (2 p_sub - 1) / (2p - 1)
//   E[cost] ≈ c · s · k_min / (v · (2p - 1))         Eq. 18
// where p is a valid sample's per-step success rate and v the chance a sample is not red-flagged.

/**
 * Tokens per sample in the paper's cost figures (Fig. 6b), the defaults of `plan`. Input: the
 * paper's Hanoi prompt is about 600 tokens (shared/notes/maker.md). Output: about 550 is what
 * its two gpt-4.1-mini rows ($3.5K at 1-p = .0022, $4.9K at .0040) imply at list prices with that
 * input; the same pair gives o3-mini's $9.4K within 4 %. Weaker models answer at more length
 * (gpt-4.1-nano's $41.9K implies about 830), so a measured `estimate` beats these defaults.
 */
export const PAPER_TOKENS = { in: 600, out: 550 } as const;

export interface PlanInput {
  errorRate: number;
  steps: number;
  target: number;
  /** Share of samples that are red-flagged (0 when unknown). */
  flagRate?: number;
  tokensIn?: number;
  tokensOut?: number;
  /** $ per million tokens. */
  priceIn?: number;
  priceOut?: number;
}

export interface Plan {
  p: number;
  kMin: number;
  pSub: number;
  pFull: number;
  votesPerStep: number;
  samplesPerStep: number;
  totalSamples: number;
  costPerSample: number;
  expectedCost: number;
  /** Eq. 18's approximation, for comparison with the exact expectation above. */
  eq18Cost: number;
  solvable: boolean;
}

export function pSub(p: number, k: number): number {
  return 1 / (1 + ((1 - p) / p) ** k);
}

export function expectedVotesPerStep(p: number, k: number): number {
  return (k * (2 * pSub(p, k) - 1)) / (2 * p - 1);
}

export function kMin(p: number, steps: number, target: number): number {
  if (p <= 0.5) return Infinity;
  if (p >= 1) return 1;
  // t^(-1/s) - 1 computed as expm1(-ln t / s): the plain form rounds to 0 once s passes ~1e15
  // (ln 0 = -Infinity, so k_min came out Infinity for a solvable p).
  const k = Math.log(Math.expm1(-Math.log(target) / steps)) / Math.log((1 - p) / p);
  return Math.max(1, Math.ceil(k - 1e-9));
}

export function plan(input: PlanInput): Plan {
  const p = 1 - input.errorRate;
  const v = 1 - (input.flagRate ?? 0);
  const cost = ((input.tokensIn ?? 0) * (input.priceIn ?? 0) + (input.tokensOut ?? 0) * (input.priceOut ?? 0)) / 1e6;
  const solvable = p > 0.5;
  const k = kMin(p, input.steps, input.target);
  const ps = solvable ? pSub(p, k) : 0;
  const votes = solvable ? expectedVotesPerStep(p, k) : Infinity;
  const samples = votes / v;
  return {
    p,
    kMin: k,
    pSub: ps,
    pFull: solvable ? ps ** input.steps : 0,
    votesPerStep: votes,
    samplesPerStep: samples,
    totalSamples: samples * input.steps,
    costPerSample: cost,
    expectedCost: cost * samples * input.steps,
    eq18Cost: solvable ? (cost * input.steps * k) / (v * (2 * p - 1)) : Infinity,
    solvable,
  };
}
