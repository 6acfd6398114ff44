// The ranges accepted for numeric run options, wherever they come from (CLI flags, the facade
// the extension and `serve` call, config.yaml). Each bound is far past what a real run needs
// and short of where a value turns into a hang, a timer overflow or an Infinity in a report.

export interface Bound {
  int?: boolean;
  /** Above min, not at it: a mark of zero dollars means nothing. */
  positive?: boolean;
  min: number;
  max: number;
}

/** Node timers hold at most 2^31 - 1 ms (~24.8 days); a longer delay fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const LIMITS = {
  // Eq. 14: k_min grows with ln(steps). A million steps at a 40 % error rate need k = 42; k in
  // the thousands only helps a model barely better than a coin. A race draws k samples up front.
  k: { int: true, min: 1, max: 1000 },
  samples: { int: true, min: 1, max: 1000 },
  // Provider rate limits stop far below this; each call in flight holds a socket and a prompt.
  maxConcurrentLlm: { int: true, min: 1, max: 1000 },
  // 2^30 - 1 moves is already a billion steps.
  disks: { int: true, min: 1, max: 30 },
  errorRate: { min: 0, max: 1 },
  // Past 2^53 two different seeds typed in are the same number.
  seed: { int: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  // An hour per simulated call; the delay is a timer, which must stay under MAX_TIMER_MS.
  latencyMs: { min: 0, max: 3_600_000 },
  // A day per LLM call, for the slowest local model; also a timer.
  timeoutMs: { int: true, min: 1, max: 86_400_000 },
  // A million dollars: past any one run, and a typo like 1e12 is caught.
  budgetUsd: { min: 0, max: 1_000_000 },
  // The spend warning and the per-step cap: dollars, as the budget; zero would fire at once.
  spendMarkUsd: { positive: true, min: 0, max: 1_000_000 },
  // Pause thresholds (red flags, resamples, low margin); 0 disables.
  threshold: { int: true, min: 0, max: 1_000_000 },
  // `estimate` samples steps one by one: the paper measured 10,000; ten million at real prices
  // costs thousands of dollars and days.
  estimateSteps: { int: true, min: 1, max: 10_000_000 },
  // `plan` only computes: a trillion steps is six orders past the paper's million-step run, and
  // integers stay exact (2^53) in its totals.
  planSteps: { int: true, min: 1, max: 1e12 },
  temperature: { min: 0, max: 2 },
  // Tokens per sample: context windows hold a few million at most.
  tokens: { min: 0, max: 10_000_000 },
  // The repository map's share of a prompt: a million tokens is past every context window.
  repoMapTokens: { int: true, min: 0, max: 1_000_000 },
  // Dollars per million tokens: the dearest models cost a few hundred.
  pricePerMillion: { min: 0, max: 100_000 },
} as const satisfies Record<string, Bound>;

