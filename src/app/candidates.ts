// Finds the change set a candidate stands for: the paused one (what the session waits on), the
// step's chosen one, or any other sample of the step, planned on demand with the same planner
// the engine uses (read-only: planning never writes), so any two candidates of a step can be
// compared as real file diffs.
import * as fs from 'node:fs/promises';
import type { DomainConfig } from '../engine/config';
import type { ChangeSet } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { planChangeSet } from '../workspace';
import { pausedCandidate } from './session';

/** Names one candidate of one step: 'paused' (the one the session waits on), 'chosen', or `${role}#${seq}` (a sample). */
export interface CandidateRef {
  sessionId: string;
  stepId: string;
  candidate: string;
}

export async function candidateChangeSet(store: SessionStore, ref: CandidateRef): Promise<ChangeSet | undefined> {
  if (ref.candidate === 'paused') return pausedCandidate(store, ref.sessionId)?.changeSet;
  const step = store.getStep(ref.sessionId, ref.stepId);
  if (!step) return undefined;
  if (ref.candidate === 'chosen') return step.changeSet;
  const m = /^(.+)#(\d+)$/.exec(ref.candidate);
  if (!m) return undefined;
  const sample = store.getSamples(ref.sessionId, ref.stepId).find((s) => s.role === m[1] && s.seq === Number(m[2]));
  const repo = store.getSession(ref.sessionId)?.metadata.repoPath;
  if (!sample || !repo) return undefined;
  const applier = step.changeSet?.applier ?? pausedCandidate(store, ref.sessionId)?.changeSet?.applier ?? 'overwrite_file';
  if (!isPlanningApplier(applier)) return undefined;
  // Comparing is not applying: granularity limits are the engine's business, not the viewer's.
  const planned = await planChangeSet(await fs.realpath(repo), { applier, stepGranularity: { maxFiles: 1000, maxLinesChanged: 1_000_000 } }, sample.text, step.description);
  return planned.ok ? planned.changeSet : undefined;
}

function isPlanningApplier(a: string): a is Exclude<DomainConfig['applier'], 'none'> {
  return a === 'overwrite_file' || a === 'patch_file' || a === 'search_replace' || a === 'auto';
}
