// `apply`: a solver candidate that cannot become a safe change set (a path outside the repo,
// .git/, a binary file, a patch that does not apply, too many files or lines) is red-flagged
// before it can win a vote, so the vote only ever picks something that can be applied.
import type { RedFlagHit } from '../model';
import type { Workspace } from '../ports';
import type { Draft, RedFlagger } from './types';

export class ApplyFlagger implements RedFlagger {
  readonly name = 'apply';
  constructor(private readonly workspace: Workspace) {}

  async check(d: Draft): Promise<RedFlagHit | null> {
    const plan = await this.workspace.plan(d.text, d.stepDescription);
    return plan.ok ? null : { flagger: this.name, reason: plan.reason };
  }
}
