// First-to-ahead-by-k voting (MAKER, Fig. 2 `do_voting`): one mechanism for every vote.
// `first_to_k` is the variant the paper reports also solved the task (and its decomposition
// uses): decided when a candidate reaches k votes, whatever the others have.
//
// A race is decided when some candidate y has V[y] >= k + max_{v != y} V[v]. With a single
// distinct candidate that reads V[y] >= k. Votes arrive in rounds: k at once first, then only
// as many as the leader still lacks (its deficit), so no vote is drawn that could not matter.
//
// Margin. The leader always wins by a lead of k over the runner-up, so the lead says nothing
// about how contested a race was. We report margin = winner's votes - all other valid votes,
// i.e. the winner's lead over the whole field. It is below k only when dissent was split over
// several rival answers, and below 1 only for a cap-decided race. A unanimous race is never
// "low margin" (see isUnanimous) so that clean races do not pause, even at k = 1.
import { dictionary } from './fast';
import type { VoteTally } from './model';

export type VoteRule = 'ahead_by_k' | 'first_to_k';

export interface RaceOptions {
  k: number;
  /** Default ahead_by_k (the paper's main rule). */
  rule?: VoteRule;
  /** Most valid votes before the cap decides (plurality) or gives up. */
  voteCap: number;
  /** Size of the first round when larger than k (an exact race's `samples`). */
  firstRound?: number;
  /**
   * The candidate a vote names, for the tally: a judge's vote is an option number, but every tally
   * is keyed by candidate key, so readers find the winner among the counts. Absent: the vote itself.
   */
  candidate?: (vote: string) => string;
}

export class Race {
  private readonly counts = new Map<string, number>();
  private readonly firstSeen = new Map<string, number>();
  private total = 0;
  private roundsDrawn = 0;
  /** top() until the next add or drop: a round asks for it several times per vote. */
  private topCache: [string | undefined, number, number] | undefined;

  constructor(readonly options: RaceOptions) {
    if (!Number.isInteger(options.k) || options.k < 1) throw new Error(`k must be a positive integer, got ${options.k}`);
    if (options.voteCap < options.k) throw new Error(`vote cap ${options.voteCap} is below k=${options.k}`);
  }

  get votes(): number {
    return this.total;
  }

  get rounds(): number {
    return this.roundsDrawn;
  }

  /** Counts one valid vote. Returns true once the race is decided by a lead of k. */
  add(key: string): boolean {
    this.topCache = undefined;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!this.firstSeen.has(key)) this.firstSeen.set(key, this.total);
    this.total++;
    return this.decided();
  }

  /** Removes every vote for a key (a human rejected that candidate). */
  drop(key: string): void {
    this.topCache = undefined;
    const n = this.counts.get(key) ?? 0;
    this.counts.delete(key);
    this.total -= n;
  }

  decided(): boolean {
    const [lead, n, second] = this.top();
    return lead !== undefined && n >= this.options.k + (this.options.rule === 'first_to_k' ? 0 : second);
  }

  capped(): boolean {
    return !this.decided() && this.total >= this.options.voteCap;
  }

  /** How many votes to draw in the next round: k at first, then the leader's deficit (>= 1), never past the cap. */
  nextRoundSize(): number {
    if (this.decided()) return 0;
    const want = this.total === 0 ? Math.max(this.options.k, this.options.firstRound ?? 0) : this.deficit();
    return Math.max(0, Math.min(want, this.options.voteCap - this.total));
  }

  /** Marks that a round of draws started (for metrics). */
  startRound(): void {
    this.roundsDrawn++;
  }

  /** The leader, its count, and the runner-up's count. Ties go to the key seen first (deterministic). */
  top(): [string | undefined, number, number] {
    return (this.topCache ??= this.computeTop());
  }

  private computeTop(): [string | undefined, number, number] {
    let best: string | undefined;
    let bestN = 0;
    let second = 0;
    for (const [key, n] of this.counts) {
      if (best === undefined || n > bestN || (n === bestN && this.firstSeen.get(key)! < this.firstSeen.get(best)!)) {
        if (best !== undefined) second = Math.max(second, bestN);
        best = key;
        bestN = n;
      } else {
        second = Math.max(second, n);
      }
    }
    return [best, bestN, second];
  }

  /** Plurality winner at the cap: the unique top candidate, or undefined on a tie. */
  plurality(): string | undefined {
    const [lead, n, second] = this.top();
    return lead !== undefined && n > second ? lead : undefined;
  }

  countOf(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }

  /** The race as a VoteTally for `winner` (a vote key; the tally names it as a candidate). */
  tally(winner: string | undefined, decidedBy: VoteTally['decidedBy']): VoteTally {
    const counts = dictionary<number>();
    const name = this.options.candidate;
    for (const [key, n] of this.counts) counts[name ? name(key) : key] = n;
    const [lead, leadN, second] = this.top();
    const w = winner === undefined ? 0 : this.countOf(winner);
    return {
      k: this.options.k,
      counts,
      winner: winner === undefined || !name ? winner : name(winner),
      lead: winner === undefined ? 0 : w - (winner === lead ? second : leadN),
      margin: winner === undefined ? 0 : w - (this.total - w),
      votes: this.total,
      decidedBy,
      rounds: this.roundsDrawn,
    };
  }

  private deficit(): number {
    const [lead, n, second] = this.top();
    if (lead === undefined) return this.options.k;
    return Math.max(1, this.options.k + (this.options.rule === 'first_to_k' ? 0 : second) - n);
  }
}

// What a finished tally says about its race, for every reader (pauses, adaptive k, the store's
// retention, the benchmark). Read from the numbers, never by walking `counts`: the store asks once
// per chain step, and enumerating a dictionary-mode object cost ~1 µs.

/** Every valid vote went to the winner. margin = winner's votes - all others, so it equals votes only then. */
export function isUnanimous(t: VoteTally): boolean {
  return t.margin === t.votes;
}

/** Anything but a unanimous race decided by its lead: a split vote, or one the vote cap decided. */
export function isContested(t: VoteTally): boolean {
  return t.decidedBy !== 'lead' || !isUnanimous(t);
}
