// Finds the change set a candidate stands for: the paused one (what the session waits on),
// the step's chosen one, or any other sample of the step, planned on demand with the same
// planner the engine uses (read-only: planning never writes), so any two candidates of a step
// can be compared as real file diffs.
import * as fs from 'node:fs/promises';
import type { ChangeSet, SampleRecord } from '../../engine/model';
import { loadBackend } from '../backend';
import type { CandidateRef } from '../diff/candidateDocs';
import type { StoreHost } from '../storeHost';

export function sampleRef(sessionId: string, stepId: string, s: Pick<SampleRecord, 'role' | 'seq'>): CandidateRef {
  return { sessionId, stepId, candidate: `${s.role}#${s.seq}` };
}

export async function resolveCandidateChangeSet(ctx: { store: StoreHost }, ref: CandidateRef): Promise<ChangeSet | undefined> {
  const store = await ctx.store.open();
  const backend = await loadBackend();
  if (ref.candidate === 'paused') return backend.pausedCandidate(store, ref.sessionId)?.changeSet;
  const step = store.getStep(ref.sessionId, ref.stepId);
  if (!step) return undefined;
  if (ref.candidate === 'chosen') return step.changeSet;
  const m = /^(.+)#(\d+)$/.exec(ref.candidate);
  if (!m) return undefined;
  const sample = store.getSamples(ref.sessionId, ref.stepId).find((s) => s.role === m[1] && s.seq === Number(m[2]));
  const session = store.getSession(ref.sessionId);
  const repo = session?.metadata.repoPath;
  if (!sample || !repo) return undefined;
  const applier = step.changeSet?.applier ?? backend.pausedCandidate(store, ref.sessionId)?.changeSet?.applier ?? 'overwrite_file';
  if (applier !== 'overwrite_file' && applier !== 'patch_file') return undefined;
  const { planChangeSet } = await import('../../workspace/planner');
  // Comparing is not applying: granularity limits are the engine's business, not the viewer's.
  const planned = await planChangeSet(await fs.realpath(repo), { applier, stepGranularity: { maxFiles: 1000, maxLinesChanged: 1_000_000 } }, sample.text, step.description);
  return planned.ok ? planned.changeSet : undefined;
}
