// The spend warning (src/engine/budgetWarn.ts, fired from stepWrites.ts account), against the real
// sql.js store: once when the totals reach the mark, stored on the session at once, not again on
// a resume of a session already warned, once more for a higher mark.
import assert from 'node:assert/strict';
import { dueWarning } from '../../../src/engine/budgetWarn';
import { EventBus, type EngineEvent } from '../../../src/engine/events';
import type { Clock } from '../../../src/engine/ports';
import { StepWrites } from '../../../src/engine/stepWrites';
import type { SqlSessionStore } from '../../../src/store';
import { chainStep, makeSession, storePerTest } from '../../support/store-fixtures';

describe('engine/budgetWarn', () => {
  let store: SqlSessionStore;
  const clock: Clock = { now: () => Date.parse('2026-03-01T10:00:00.000Z'), sleep: async () => {} };
  storePerTest('mf-warn-', (s) => (store = s));

  const paidStep = (i: number) => {
    const st = chainStep(i);
    st.metrics = { ...st.metrics, costUsd: 0.004 };
    return st;
  };

  it('fires once, when the totals first reach the mark, stored on the session before it is told', () => {
    const session = makeSession('w1');
    store.createSession(session);
    const events = new EventBus();
    const seen: EngineEvent[] = [];
    events.on((e) => {
      // The store already knows, so a crash right after the warning does not repeat it.
      if (e.type === 'budget_warning') assert.ok(store.getSession('w1')?.metadata.budgetWarned);
      seen.push(e);
    });
    const writes = new StepWrites(session, 'chain', store, clock, events, 0.01);
    for (let i = 0; i < 6; i++) writes.account(paidStep(i));
    const warnings = seen.filter((e) => e.type === 'budget_warning');
    assert.equal(warnings.length, 1);
    assert.deepEqual(warnings[0], { type: 'budget_warning', sessionId: 'w1', spentUsd: 0.012, warnUsd: 0.01 });
    assert.deepEqual(store.getSession('w1')?.metadata.budgetWarned, { at: '2026-03-01T10:00:00.000Z', spentUsd: 0.012, warnUsd: 0.01 });
  });

  it('a resumed session already warned at this mark is not warned again; a higher mark warns once more', () => {
    const session = makeSession('w2');
    session.metrics.costUsd = 0.02;
    session.metadata.budgetWarned = { at: 'earlier', spentUsd: 0.011, warnUsd: 0.01 };
    assert.equal(dueWarning(session, 0.01, 'now'), undefined);
    assert.equal(dueWarning(session, 0.005, 'now'), undefined, 'a lower mark was passed long ago');
    assert.deepEqual(dueWarning(session, 0.015, 'now'), { at: 'now', spentUsd: 0.02, warnUsd: 0.015 });
    assert.equal(dueWarning(session, 0.015, 'later'), undefined);
    assert.equal(dueWarning(makeSession('w3'), undefined, 'now'), undefined, 'no mark, no warning');
  });
});
