// How a chain session's steps are kept (maintenance.ts applies it, segments.ts writes by it). Its
// own file because both sides need it and neither should import the other for it.

export interface ChainPolicy {
  /** Steps per segment file; a full segment is sealed (never written again). */
  segmentSteps: number;
  /** Newest steps that stay in the main DB with every sample body. */
  recentSteps: number;
  /** Longest sample text kept for contested steps outside the recent window. */
  previewChars: number;
}

/**
 * recentSteps: each checkpoint puts the newest steps of a running chain into SQL and the next one
 * moves them out again, so the window is a fixed cost per checkpoint (and the size of the main DB
 * every process re-reads after another's checkpoint). 200 is more than a UI shows; at 1,000 the
 * main DB was 2.7 MB instead of 0.6 MB and a 20-disk run spent ~60 ms more per checkpoint.
 */
export const DEFAULT_CHAIN_POLICY: ChainPolicy = { segmentSteps: 10_000, recentSteps: 200, previewChars: 2_000 };
