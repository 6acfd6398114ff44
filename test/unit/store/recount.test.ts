// After a writer is SIGKILLed, its session's totals lag the steps it journaled (a run writes them at
// most once a second; this writer never does). Recovery sums them again from the stored rows
// (src/store/recovery.ts), so they equal what the stored steps and samples say was paid.
import assert from 'node:assert/strict';
import { openStore } from '../../../src/store';
import { forkStoreChild, tmpStoreFile, type StoreChildMsg } from '../../support/store-fixtures';

async function killedWriter(file: string, steps: number, chain: { segmentSteps: number; recentSteps: number }): Promise<void> {
  const child = forkStoreChild({ file, sessionId: 'crash', steps: 1_000_000, batch: 25, checkpointIntervalMs: 40, chain });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: StoreChildMsg) => {
      if (m.error) reject(new Error(m.error));
      if ((m.written ?? 0) >= steps && child.signalCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await exited;
}

describe('store: totals summed again after a crash', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tmpStoreFile>;
  beforeEach(() => (tmp = tmpStoreFile()));
  afterEach(() => tmp.cleanup());

  it('equal the sum of the stored samples (every step and sample kept in the main DB)', async () => {
    await killedWriter(tmp.file, 400, { segmentSteps: 100_000, recentSteps: 100_000 });
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, chain: { segmentSteps: 100_000, recentSteps: 100_000 } });
    try {
      const m = store.getSession('crash')!.metrics;
      const steps = store.getSteps('crash');
      const samples = steps.flatMap((st) => store.getSamples('crash', st.id));
      assert.ok(steps.length >= 400, `${steps.length} steps recovered`);
      assert.equal(m.stepsCompleted, steps.length);
      assert.equal(m.samples, samples.length);
      assert.equal(m.tokensIn, samples.reduce((n, s) => n + s.tokensIn, 0));
      assert.equal(m.tokensOut, samples.reduce((n, s) => n + s.tokensOut, 0));
      assert.equal(m.maxVotesPerStep, 3);
    } finally {
      await store.close();
    }
  });

  it('count the steps retired to segment files too', async () => {
    const chain = { segmentSteps: 300, recentSteps: 50 };
    await killedWriter(tmp.file, 1500, chain);
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, chain });
    try {
      const m = store.getSession('crash')!.metrics;
      const steps = store.getSteps('crash');
      assert.ok(steps.length >= 1500, `${steps.length} steps recovered`);
      assert.equal(m.stepsCompleted, store.countSteps('crash', { status: 'completed' }));
      assert.equal(m.samples, steps.reduce((n, st) => n + st.metrics.samplesRequested, 0));
      assert.equal(m.tokensIn, 300 * steps.length);
    } finally {
      await store.close();
    }
  });
});
