// A race stopped by something outside the vote (a provider error, a rate limit, the quota, the
// budget, a cancel, a crash) goes on with the votes it already paid for. Its valid samples are
// stored with the step (runChain saves them at a pause; a paid sample is journaled the moment it
// lands, stepWrites.ts keepPaid), and a resume counts them again instead of buying them twice.
// A race stopped by its votes or by a human's threshold (red flags, resamples, the vote cap, a low
// margin, step by step, a failed verification) starts afresh, as it always has: the pause was
// about those very votes, and counting them again would only stop it at once.
import type { PauseTrigger, StepRecord, WaitState } from './model';
import type { SessionStore } from './ports';
import type { Parser } from './redflags/types';
import type { ValidSample } from './sampler';

const OUTSIDE_THE_VOTE: ReadonlySet<PauseTrigger> = new Set<PauseTrigger>(['rate_limited', 'provider_error', 'quota', 'budget', 'step_budget', 'cancelled']);

/** Whether a resumed step's race goes on with its stored votes: yes unless the wait names this step for a reason about its votes. */
export function raceGoesOn(stepId: string, wait: WaitState | undefined): boolean {
  return wait?.stepId !== stepId || OUTSIDE_THE_VOTE.has(wait.trigger);
}

export interface StoredVotes {
  /** The step's stored valid samples of this role, as votes (parsed again: the output is not stored per sample). */
  votes: ValidSample[];
  /** The next draw's number, after every stored sample of the role, so no stored sample is overwritten. */
  nextSeq: number;
}

export function storedVotes(store: SessionStore, sessionId: string, step: StepRecord, role: string, parse: Parser, excluded?: ReadonlyMap<string, unknown>): StoredVotes {
  const votes: ValidSample[] = [];
  let nextSeq = 0;
  for (const s of store.getSamples(sessionId, step.id)) {
    if (s.role !== role) continue;
    nextSeq = Math.max(nextSeq, s.seq + 1);
    if (s.flags.length || s.key === undefined || s.rejected || excluded?.has(s.key)) continue;
    try {
      const p = parse(s.text);
      if (p.key === s.key) votes.push({ key: p.key, output: p.output, text: s.text, seq: s.seq });
    } catch {
      // A stored text that no longer parses (a capped preview, another version's parser) is no vote.
    }
  }
  return { votes, nextSeq };
}
