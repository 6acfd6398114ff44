// What `estimate --repeat R` learns beyond one error rate: whether errors are the random kind
// voting fixes, or systematic (the majority answer at a step is wrong, so no k fixes it). The
// paper assumes the first; a real model breaks it (its own Sec. 5 names per-step error rates as
// the next step). Pure: it reads the outcomes `estimate` collected, one entry per sampled step.

/** One sampled step: where it is, the right answer's key, and each sample's outcome. */
export interface StepOutcome {
  disks: number;
  /** Moves already made (the step asked for is t + 1). */
  t: number;
  right: string;
  /** Each sample in order: its vote key, or undefined when it was red-flagged. */
  keys: (string | undefined)[];
  /** Output tokens of each sample, in the same order. */
  tokensOut: number[];
}

export interface WorstStep {
  disks: number;
  step: number;
  errorShare: number;
  valid: number;
  majority: string;
  systematic: boolean;
}

export interface LabResult {
  repeat: number;
  /** Steps with at least one valid sample, and those whose majority answer is wrong. */
  stepsJudged: number;
  systematicSteps: number;
  systematicShare: number;
  /** The error rate over the steps that are not systematic (what voting can still fix). */
  randomErrorRate: number;
  worst: WorstStep[];
  byDisks: { disks: number; valid: number; errors: number; rate: number }[];
  /** Two independent runs over the same steps (samples 1 and 2): wrong in both, against independence. */
  decorrelation?: { steps: number; wrongFirst: number; wrongSecond: number; wrongBoth: number; expectedIfIndependent: number };
  byLength: { minTokens: number; maxTokens: number; valid: number; errors: number; rate: number }[];
}

const LENGTH_BUCKETS = 6;

export function analyze(outcomes: StepOutcome[], repeat: number, worstCount = 10): LabResult {
  let judged = 0;
  let systematic = 0;
  let randValid = 0;
  let randErrors = 0;
  const worst: WorstStep[] = [];
  const disks = new Map<number, { valid: number; errors: number }>();
  const lengths: { tokens: number; wrong: boolean }[] = [];
  for (const o of outcomes) {
    const valid = o.keys.filter((k): k is string => k !== undefined);
    if (valid.length === 0) continue;
    judged++;
    const counts = new Map<string, number>();
    for (const k of valid) counts.set(k, (counts.get(k) ?? 0) + 1);
    const [majority, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
    const right = counts.get(o.right) ?? 0;
    // Systematic: a wrong answer is the plurality, strictly ahead of the right one.
    const sys = majority !== o.right && n > right;
    const errors = valid.length - right;
    if (sys) systematic++;
    else {
      randValid += valid.length;
      randErrors += errors;
    }
    const d = disks.get(o.disks) ?? { valid: 0, errors: 0 };
    d.valid += valid.length;
    d.errors += errors;
    disks.set(o.disks, d);
    o.keys.forEach((k, i) => k !== undefined && lengths.push({ tokens: o.tokensOut[i] ?? 0, wrong: k !== o.right }));
    if (errors > 0) worst.push({ disks: o.disks, step: o.t + 1, errorShare: errors / valid.length, valid: valid.length, majority, systematic: sys });
  }
  worst.sort((a, b) => b.errorShare - a.errorShare || Number(b.systematic) - Number(a.systematic) || a.disks - b.disks || a.step - b.step);
  return {
    repeat,
    stepsJudged: judged,
    systematicSteps: systematic,
    systematicShare: judged ? systematic / judged : 0,
    randomErrorRate: randValid ? randErrors / randValid : 0,
    worst: worst.slice(0, worstCount),
    byDisks: [...disks].sort((a, b) => a[0] - b[0]).map(([n, d]) => ({ disks: n, valid: d.valid, errors: d.errors, rate: d.valid ? d.errors / d.valid : 0 })),
    decorrelation: repeat >= 2 ? decorrelation(outcomes) : undefined,
    byLength: lengthBuckets(lengths),
  };
}

/** Samples 1 and 2 of every step as two runs: steps wrong in both, against the product of their rates. */
function decorrelation(outcomes: StepOutcome[]): LabResult['decorrelation'] {
  let steps = 0;
  let a = 0;
  let b = 0;
  let both = 0;
  for (const o of outcomes) {
    const [x, y] = o.keys;
    if (x === undefined || y === undefined) continue;
    steps++;
    const wx = x !== o.right;
    const wy = y !== o.right;
    a += Number(wx);
    b += Number(wy);
    both += Number(wx && wy);
  }
  return { steps, wrongFirst: a, wrongSecond: b, wrongBoth: both, expectedIfIndependent: steps ? (a * b) / steps : 0 };
}

/** Error rate against answer length (the paper's Fig. 9a): equal-count buckets of output tokens. */
function lengthBuckets(samples: { tokens: number; wrong: boolean }[]): LabResult['byLength'] {
  if (samples.length === 0) return [];
  const sorted = [...samples].sort((x, y) => x.tokens - y.tokens);
  const size = Math.ceil(sorted.length / LENGTH_BUCKETS);
  const out: LabResult['byLength'] = [];
  for (let i = 0; i < sorted.length; i += size) {
    const part = sorted.slice(i, i + size);
    const errors = part.filter((s) => s.wrong).length;
    const last = out[out.length - 1];
    // Equal token counts stay in one bucket, so a bucket's range never overlaps the next.
    if (last && last.maxTokens === part[0].tokens) {
      last.valid += part.length;
      last.errors += errors;
      last.maxTokens = part[part.length - 1].tokens;
      last.rate = last.errors / last.valid;
      continue;
    }
    out.push({ minTokens: part[0].tokens, maxTokens: part[part.length - 1].tokens, valid: part.length, errors, rate: errors / part.length });
  }
  return out;
}

/**
 * P(the whole task is solved) at k, counting systematic steps: each of the task's steps is
 * systematic with the measured share (then it fails whatever k is); the others fail at the
 * random error rate's p_sub. With any systematic share, long tasks fail: the lesson of the lab.
 */
export function pSolvedWithSystematic(steps: number, systematicShare: number, pSubRandom: number): number {
  return Math.exp(steps * (Math.log1p(-systematicShare) + Math.log(pSubRandom)));
}
