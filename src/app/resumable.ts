// Whether a session may be resumed, checked before anything is started (beside preflight.ts,
// the other checks made before a run exists). One rule for every front end; the words that
// name the place and the way to force differ, so each front end passes its own.
import type { ResumeDecision } from '../engine/context';
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { UsageError } from './options';

export type ResumeRefusal = 'unknown' | 'running_here' | 'completed' | 'stored_running' | 'not_paused';

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
  /** Resume a session stored as running: its process died (nothing else can tell yet). */
  force?: boolean;
  /** This process runs it already (the run registry knows; the store cannot). */
  runningHere?: boolean;
  /** The front end's words: where "here" is, and how its user forces a resume. */
  words?: { here?: string; force?: string; list?: string };
}

/**
 * Refuses, in this order: an unknown session; one this process runs; a completed one (nothing
 * left to do); one stored as running, unless forced, since another process (a CLI, the editor,
 * a server) may be running it and two runs of one session would interleave their steps; a
 * decision (approve/reject) for a session that is not paused, since there is nothing to answer.
 */
export function checkResumable(store: Pick<SessionStore, 'getSession'>, sessionId: string, o: ResumeCheck = {}): SessionRecord {
  const here = o.words?.here ?? 'this process';
  const s = store.getSession(sessionId);
  if (!s) throw new ResumeRefused('unknown', `no session ${sessionId}${o.words?.list ? `; ${o.words.list}` : ''}`);
  if (o.runningHere) throw new ResumeRefused('running_here', `session ${sessionId} is already running in ${here}`);
  if (s.status === 'completed') throw new ResumeRefused('completed', `session ${sessionId} is completed; there is nothing to resume`);
  if (s.status === 'running' && !o.force) {
    const how = o.words?.force ?? 'resume with force';
    throw new ResumeRefused('stored_running', `session ${sessionId} is stored as running: another process (a CLI, the editor, a server) may be running it; if that process died, ${how}`);
  }
  if (o.decision && s.status !== 'paused') throw new ResumeRefused('not_paused', `'${o.decision.action}' answers a pause, but session ${sessionId} is ${s.status}`);
  return s;
}
