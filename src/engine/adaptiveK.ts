// Adaptive k: a rolling window of recent race margins per agent role moves k by at most one
// from its base. Unanimous races let k relax by one; contested races (the winner's margin over
// the whole field under k) tighten it by one. It never goes below 1.
import type { AgentRole, VoteTally } from './model';
import { isUnanimous } from './race';

export class AdaptiveK {
  private readonly windows = new Map<AgentRole, number[]>();

  constructor(
    readonly enabled: boolean,
    private readonly windowSize = 8,
  ) {}

  k(role: AgentRole, base: number): number {
    if (!this.enabled) return base;
    const w = this.windows.get(role);
    if (!w || w.length < this.windowSize) return base;
    const contested = w.filter((m) => m < 0).length;
    if (contested >= Math.ceil(this.windowSize / 4)) return base + 1;
    if (contested === 0 && w.every((m) => m > 0)) return Math.max(1, base - 1);
    return base;
  }

  /** Records a decided race: positive when unanimous, negative when contested, 0 otherwise. */
  record(role: AgentRole, tally: VoteTally): void {
    if (!this.enabled) return;
    const score = isUnanimous(tally) ? 1 : tally.margin < tally.k || tally.decidedBy !== 'lead' ? -1 : 0;
    let w = this.windows.get(role);
    if (!w) this.windows.set(role, (w = []));
    w.push(score);
    if (w.length > this.windowSize) w.shift();
  }
}
