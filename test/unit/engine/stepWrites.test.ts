// What a step write is (src/engine/stepWrites.ts), against the real sql.js store: a step row
// stamped with the clock, its samples in the same write, and session metrics that add up every
// step but reach the store and the `metrics` event at most once a second.
import assert from 'node:assert/strict';
import { EventBus, type EngineEvent } from '../../../src/engine/events';
import type { Clock } from '../../../src/engine/ports';
import { StepWrites } from '../../../src/engine/stepWrites';
import type { SqlSessionStore } from '../../../src/store';
import { chainStep, makeSession, samplesFor, storePerTest } from '../../support/store-fixtures';

describe('engine/stepWrites', () => {
  let store: SqlSessionStore;
  let now: number;
  const clock: Clock = { now: () => now, sleep: async () => {} };

  storePerTest('mf-writes-', (s) => (store = s));
  beforeEach(() => (now = Date.parse('2026-03-01T10:00:00.000Z')));

  it('save(): the step stamped with the clock, with its samples in the same write', () => {
    const session = makeSession('s1');
    store.createSession(session);
    const writes = new StepWrites(session, 'chain', store, clock, new EventBus());
    const step = chainStep(0, { id: '1' });
    writes.save(step, samplesFor('1', 3));
    assert.equal(store.getStep('s1', '1')?.updatedAt, '2026-03-01T10:00:00.000Z');
    assert.equal(store.getSamples('s1', '1').length, 3);
    now += 7;
    writes.save({ ...step, status: 'waiting' });
    assert.equal(store.getStep('s1', '1')?.updatedAt, '2026-03-01T10:00:00.007Z');
    assert.equal(store.getStep('s1', '1')?.status, 'waiting');
  });

  it('account(): adds every step to the session, writes the metrics at most once a second', () => {
    const session = makeSession('s2');
    store.createSession(session);
    const events = new EventBus();
    const seen: EngineEvent[] = [];
    events.on((e) => seen.push(e));
    const writes = new StepWrites(session, 'chain', store, clock, events);
    const step = chainStep(0);
    step.metrics = { ...step.metrics, samplesRequested: 4, resamples: 1, redFlags: { format: 1, length: 2 }, tokensIn: 10, tokensOut: 5, costUsd: 0.5 };
    step.metrics.tally = { ...step.metrics.tally!, votes: 4 };
    writes.account(step);
    now += 999;
    writes.account(step);
    assert.equal(session.metrics.stepsCompleted, 2);
    assert.deepEqual(
      { samples: session.metrics.samples, resamples: session.metrics.resamples, redFlags: session.metrics.redFlags, tokensIn: session.metrics.tokensIn, maxVotes: session.metrics.maxVotesPerStep },
      { samples: 8, resamples: 2, redFlags: 6, tokensIn: 20, maxVotes: 4 },
    );
    assert.equal(store.getSession('s2')?.metrics.stepsCompleted, 0, 'not written within the second');
    assert.equal(seen.length, 0);
    now += 1;
    writes.account(step);
    assert.equal(store.getSession('s2')?.metrics.stepsCompleted, 3);
    assert.deepEqual(seen.map((e) => e.type), ['metrics']);
  });
});
