// The prompt-cache counts a sample, a step and a session carry (tokensCached, tokensCacheWrite)
// live in the rows' JSON columns: no migration, they survive a journal replay and a checkpoint,
// and rows written before them read back without them (0 in the JSON shapes).
import assert from 'node:assert/strict';
import { sampleJson, sessionSummaryJson, stepJson } from '../../../src/app/json';
import { emptySessionMetrics } from '../../../src/engine/model';
import { addStep, retotal } from '../../../src/engine/totals';
import { openStore } from '../../../src/store';
import { chainStep, makeSession, samplesFor, tmpStoreFile } from '../../support/store-fixtures';

describe('store: prompt-cache token counts', () => {
  it('survive a reopen (journal replay, then a checkpoint), per sample, step and session', async () => {
    const tmp = tmpStoreFile('mf-cache-store-');
    try {
      let store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
      store.createSession(makeSession('s1'));
      const [cached, plain] = samplesFor('step-0', 2);
      cached.tokensCached = 1280;
      cached.tokensCacheWrite = 64;
      const step = chainStep(0);
      step.metrics = { ...step.metrics, tokensIn: 2600, tokensCached: 1280, tokensCacheWrite: 64 };
      store.putStepWithSamples!('s1', step, [cached, plain]);
      const metrics = emptySessionMetrics();
      addStep(metrics, step.metrics);
      store.updateSession('s1', { metrics });
      for (let round = 0; round < 2; round++) {
        await store.close();
        store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
        const [a, b] = store.getSamples('s1', 'step-0');
        assert.deepEqual([a.tokensCached, a.tokensCacheWrite, b.tokensCached, b.tokensCacheWrite], [1280, 64, undefined, undefined]);
        assert.deepEqual([sampleJson(a).tokens_cached, sampleJson(b).tokens_cached], [1280, 0]);
        assert.equal(stepJson(store.getStep('s1', 'step-0')!).tokens_cache_write, 64);
        const s = store.getSession('s1')!;
        assert.deepEqual([s.metrics.tokensCached, s.metrics.tokensCacheWrite], [1280, 64]);
        if (round === 0) await store.flush();
      }
      await store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('totals: a step adds its counts, a step taken back removes them, and a re-sum starts from none', () => {
    const m = emptySessionMetrics();
    const step = { ...chainStep(0).metrics, tokensCached: 100, tokensCacheWrite: 10 };
    addStep(m, step);
    addStep(m, step);
    addStep(m, step, -1);
    assert.deepEqual([m.tokensCached, m.tokensCacheWrite], [100, 10]);
    assert.equal(sessionSummaryJson({ ...makeSession('x'), metrics: m }).tokens_cached, 100);
    retotal(m, [chainStep(0)]);
    assert.deepEqual([m.tokensCached, m.tokensCacheWrite], [undefined, undefined], 'a step without counts adds none');
    assert.equal(sessionSummaryJson({ ...makeSession('x'), metrics: emptySessionMetrics() }).tokens_cached, 0, 'a session stored before caching reads as 0');
  });
});
