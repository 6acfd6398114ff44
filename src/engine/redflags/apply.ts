// `apply`: a solver candidate that cannot become a safe change set (a path outside the repo,
// .git/, a binary file, a patch or SEARCH text that does not apply, too many files or lines) is
// red-flagged before it can win a vote, so the vote only ever picks something that can be applied.
// A candidate that changes nothing is flagged too: applying and verifying it would only spend a
// verifier run (and a retry) on the files as they already are.
//
// The plan is also the candidate's meaning: its vote key becomes the change set's key (see
// changeKey.ts), carried on the draft like a format parse, so the words around it do not count.
import { changeSetKey } from '../changeKey';
import type { RedFlagHit } from '../model';
import type { Workspace } from '../ports';
import type { Draft, RedFlagger } from './types';

export const CHANGES_NOTHING = 'changes nothing: every file it writes already has that content';

export class ApplyFlagger implements RedFlagger {
  readonly name = 'apply';
  constructor(private readonly workspace: Workspace) {}

  async check(d: Draft): Promise<RedFlagHit | null> {
    const plan = await this.workspace.plan(d.text, d.stepDescription);
    if (!plan.ok) return { flagger: this.name, reason: plan.reason };
    if (plan.changeSet.files.length === 0) return { flagger: this.name, reason: CHANGES_NOTHING };
    d.parsed = { key: changeSetKey(plan.changeSet), output: d.parsed?.output ?? d.text };
    d.planned = plan.changeSet.files;
    return null;
  }
}
