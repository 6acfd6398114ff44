// The extension's side of a candidate's change set: it names a sample as a CandidateRef and
// asks the core (app/candidates.ts, through the backend door) to find or plan its files.
import type { CandidateRef } from '../../app/candidates';
import type { ChangeSet, SampleRecord } from '../../engine/model';
import { loadBackend } from '../backend';
import type { StoreHost } from '../storeHost';

export function sampleRef(sessionId: string, stepId: string, s: Pick<SampleRecord, 'role' | 'seq'>): CandidateRef {
  return { sessionId, stepId, candidate: `${s.role}#${s.seq}` };
}

export async function resolveCandidateChangeSet(ctx: { store: StoreHost }, ref: CandidateRef): Promise<ChangeSet | undefined> {
  const store = await ctx.store.open();
  return (await loadBackend()).candidateChangeSet(store, ref);
}
