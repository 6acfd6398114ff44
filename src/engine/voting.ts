// Runs a race to its end: rounds of draws (k at first, then the leader's deficit) until a
// candidate leads by k, or the vote cap decides by plurality or pauses the step.
import type { EngineContext } from './context';
import { StepPause } from './context';
import type { StepRecord, VoteTally } from './model';
import { isUnanimous, Race } from './race';
import type { ValidSample } from './sampler';

export interface RaceResult {
  winner: string;
  tally: VoteTally;
  /** The first valid sample seen for each key (its text and parsed output). */
  byKey: Map<string, ValidSample>;
}

/**
 * `draw(n)`: one round of n valid votes (the sampler's round: rounds.ts). `seed`: votes the race
 * already holds (a resumed race, engine/storedVotes.ts), counted before any draw.
 */
export async function runRace(race: Race, draw: (n: number) => Promise<ValidSample[]>, seed?: readonly ValidSample[]): Promise<Map<string, ValidSample>> {
  const byKey = new Map<string, ValidSample>();
  const count = (v: ValidSample): void => {
    if (!byKey.has(v.key)) byKey.set(v.key, v);
    race.add(v.key);
  };
  if (seed) for (const v of seed) count(v);
  for (;;) {
    const n = race.nextRoundSize();
    if (n === 0) return byKey;
    race.startRound();
    for (const v of await draw(n)) count(v);
  }
}

/** Draws a race and names its winner; at the vote cap it takes the plurality or pauses, as the domain says. */
export async function decide(ctx: EngineContext, step: StepRecord, race: Race, draw: (n: number) => Promise<ValidSample[]>, seed?: readonly ValidSample[]): Promise<RaceResult> {
  const byKey = await runRace(race, draw, seed);
  if (race.decided()) {
    const winner = race.top()[0]!;
    return { winner, tally: race.tally(winner, 'lead'), byKey };
  }
  const plural = ctx.domain.limits.onVoteCap === 'plurality' ? race.plurality() : undefined;
  if (plural !== undefined) return { winner: plural, tally: race.tally(plural, 'cap'), byKey };
  const counts = race.keys().map((key) => `${race.countOf(key)}×${key.slice(0, 60)}`).join(', ');
  throw new StepPause({
    stepId: step.id,
    trigger: 'vote_cap',
    details: `no candidate led by k=${race.options.k} within ${race.options.voteCap} votes (${counts})`,
    at: new Date(ctx.clock.now()).toISOString(),
  });
}

/** Human pause on a low margin: only for contested races, so a unanimous race never pauses. */
export function checkMargin(ctx: EngineContext, step: StepRecord, tally: VoteTally): void {
  const threshold = ctx.options.thresholds.lowMargin;
  if (threshold <= 0) return;
  if (!isUnanimous(tally) && tally.margin <= threshold) {
    const counts = Object.entries(tally.counts).map(([key, n]) => `${n}×${key.slice(0, 60)}`).join(', ');
    throw new StepPause({
      stepId: step.id,
      trigger: 'low_margin',
      details: `margin ${tally.margin} <= ${threshold} (votes: ${counts})`,
      at: new Date(ctx.clock.now()).toISOString(),
    });
  }
}
