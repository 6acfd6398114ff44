// Keeps a chain session's footprint in the main DB bounded, so memory and checkpoint cost stay
// flat as the chain grows. Runs at checkpoint time for the sessions written since the last one:
// steps older than the recent window move to the session's segment files (segments.ts), and on
// the way their samples are dropped, except for contested steps (split votes, resamples, red
// flags, human rejections), whose texts are capped to a preview.
// The main DB then holds about `recentSteps` steps per running chain plus what was written since
// the last checkpoint, at step 10k as at step 1M. Tree-flow sessions are small and keep every
// sample: they are never pruned nor retired.
import type { ChainPolicy } from './chainPolicy';
import type { Db } from '../sql/db';
import type { Segments } from './segments';
import type { ChainTail } from './tail';
import type { TailEntry } from './tailEntry';

/**
 * Applies retention and retirement to one session; returns how many segments got sealed. Steps
 * held in the session's tail (tail.ts) count as if they were rows: the old ones go straight to the
 * segment, the recent ones into the main DB. The caller runs this inside a savepoint
 * (Db.atomically): on a throw, SQL is rolled back and the held steps go back to the tail.
 */
export function maintainSession(db: Db, segments: Segments, sessionId: string, policy: ChainPolicy, now: string, tail?: ChainTail): number {
  const held = tail?.take(sessionId) ?? [];
  try {
    return maintain(db, segments, sessionId, policy, now, held, tail);
  } catch (err) {
    tail?.restore(sessionId, held);
    throw err;
  }
}

function maintain(db: Db, segments: Segments, sessionId: string, policy: ChainPolicy, now: string, held: TailEntry[], tail?: ChainTail): number {
  const sess = db.get('SELECT flow, status FROM sessions WHERE id = ?', [sessionId]);
  if (!sess || sess.flow !== 'chain') {
    tail?.insert(sessionId, held);
    return 0;
  }
  const done = sess.status === 'completed';
  const headRow = db.get('SELECT max(idx) AS m, count(*) AS n FROM steps WHERE session_id = ? AND parent_id IS NULL', [sessionId])!;
  if (headRow.m === null && !held.length) return done ? segments.sealOpen(sessionId, now) : 0;
  const head = held.length ? held[held.length - 1].index : Number(headRow.m);
  const cutoff = head - policy.recentSteps + 1;
  // A completed chain will not grow again: retire its tail too and seal, unless it is so short
  // that it never left the main DB (small sessions stay whole, without segment files).
  const retireAll = done && (segments.maxRetiredIdx(sessionId) >= 0 || Number(headRow.n) + held.length >= policy.recentSteps);
  const below = retireAll ? head + 1 : cutoff;
  const old = held.filter((e) => e.index < below);
  let sealed = segments.retire(sessionId, below, cutoff, policy, now, old);
  if (old.length < held.length) tail!.insert(sessionId, held.slice(old.length));
  if (retireAll) sealed += segments.sealOpen(sessionId, now);
  return sealed;
}
