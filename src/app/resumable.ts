// Whether a session may be resumed, checked before anything is started (beside preflight.ts,
// the other checks made before a run exists). One rule for every front end; the words that
// name the place and the way to force differ, so each front end passes its own.
import type { ResumeDecision } from '../engine/context';
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { describeOwner, foreignLiveLease } from './lease';
import { UsageError } from './options';

export type ResumeRefusal = 'unknown' | 'running_here' | 'completed' | 'running_elsewhere' | 'not_paused';

/** A resume the user asked for that cannot be done: a usage error (exit 2, 400; 404 for `unknown`). */
export class ResumeRefused extends UsageError {
  constructor(
    readonly reason: ResumeRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ResumeRefused';
  }
}

export interface ResumeCheck {
  decision?: ResumeDecision;
  /** Resume even though another process's lease looks live (a clock or pid space not to be trusted). */
  force?: boolean;
  /** The time leases are judged at (tests). */
  now?: number;
  /** This process runs it already (the run registry knows; the store cannot). */
  runningHere?: boolean;
  /** The front end's words: where "here" is, and how its user forces a resume. */
  words?: { here?: string; force?: string; list?: string };
}

/**
 * Refuses, in this order: an unknown session; one this process runs; a completed one (nothing
 * left to do); one whose lease another live process holds (lease.ts), unless forced, since two
 * runs of one session would interleave their steps; a decision (approve/reject) for a session
 * that is not paused, since there is nothing to answer. A session stored as running whose
 * lease is stale (its process was killed) or absent (an older version ran it) is taken over.
 */
export function checkResumable(store: Pick<SessionStore, 'getSession'>, sessionId: string, o: ResumeCheck = {}): SessionRecord {
  const here = o.words?.here ?? 'this process';
  const s = store.getSession(sessionId);
  if (!s) throw new ResumeRefused('unknown', `no session ${sessionId}${o.words?.list ? `; ${o.words.list}` : ''}`);
  if (o.runningHere) throw new ResumeRefused('running_here', `session ${sessionId} is already running in ${here}`);
  if (s.status === 'completed') throw new ResumeRefused('completed', `session ${sessionId} is completed; there is nothing to resume`);
  const owner = o.force ? undefined : foreignLiveLease(s, o.now);
  if (owner) {
    const how = o.words?.force ?? 'resume with force';
    const age = Math.max(0, Math.round(((o.now ?? Date.now()) - Date.parse(owner.heartbeatAt)) / 1000));
    throw new ResumeRefused(
      'running_elsewhere',
      `session ${sessionId} is running in ${describeOwner(owner)} (heartbeat ${age}s ago); if that process is gone, ${how}`,
    );
  }
  if (o.decision && s.status !== 'paused') throw new ResumeRefused('not_paused', `'${o.decision.action}' answers a pause, but session ${sessionId} is ${s.status}`);
  return s;
}
