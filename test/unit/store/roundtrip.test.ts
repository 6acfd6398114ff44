import assert from 'node:assert/strict';
import { openStore, type SqlSessionStore } from '../../../src/store';
import type { StepRecord } from '../../../src/engine/model';
import { emptyStepMetrics } from '../../../src/engine/model';
import { chainStep, makeSession, samplesFor, T0, tmpStoreFile } from '../../support/store-fixtures';

describe('store: round trip', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let store: SqlSessionStore;

  beforeEach(async () => {
    tmp = tmpStoreFile();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  const treeStep = (id: string, parentId: string | null, index: number, over: Partial<StepRecord> = {}): StepRecord => ({
    id,
    parentId,
    depth: parentId ? 1 : 0,
    index,
    description: `task ${id}`,
    status: 'pending',
    phase: 'decompose',
    metrics: emptyStepMetrics(),
    updatedAt: T0,
    ...over,
  });

  it('keeps sessions with every field, and applies patches', async () => {
    const s = makeSession('s1', 'tree', {
      waitState: { stepId: 'a', trigger: 'low_margin', details: 'close vote', candidate: 1, at: T0 },
      error: 'boom',
      metadata: { provider: 'openai', model: 'gpt', thresholds: { redFlags: 2 }, custom: { nested: [1, 2] } },
    });
    store.createSession(s);
    assert.deepEqual(store.getSession('s1'), s);

    store.updateSession('s1', { status: 'paused', waitState: null, error: null, updatedAt: '2025-01-02T00:00:00.000Z' });
    const got = store.getSession('s1')!;
    assert.equal(got.status, 'paused');
    assert.equal(got.waitState, null);
    assert.equal('error' in got, false);
    assert.equal(got.updatedAt, '2025-01-02T00:00:00.000Z');
    assert.deepEqual(got.metadata, s.metadata);
    assert.throws(() => store.updateSession('nope', { status: 'failed' }), /Unknown session/);

    await store.close();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    assert.deepEqual(store.getSession('s1'), got);
  });

  it('never stores API keys passed in metadata', async () => {
    store.createSession(makeSession('s1', 'tree', { metadata: { provider: 'openai', apiKey: 'sk-secret', api_key: 'x' } }));
    store.updateSession('s1', { metadata: { provider: 'openai', password: 'p', model: 'm' } });
    assert.deepEqual(store.getSession('s1')!.metadata, { provider: 'openai', model: 'm' });
    await store.flush();
    const fs = await import('node:fs');
    assert.equal(fs.readFileSync(tmp.file).includes('sk-secret'), false);
  });

  it('lists sessions most recently updated first, with paging', () => {
    for (let i = 0; i < 5; i++) store.createSession(makeSession(`s${i}`, 'tree', { updatedAt: `2025-01-0${i + 1}T00:00:00.000Z` }));
    assert.deepEqual(store.listSessions().map((s) => s.id), ['s4', 's3', 's2', 's1', 's0']);
    assert.deepEqual(store.listSessions({ limit: 2, offset: 1 }).map((s) => s.id), ['s3', 's2']);
    store.updateSession('s0', { status: 'completed' }); // no updatedAt given: stamped now
    assert.equal(store.listSessions({ limit: 1 })[0].id, 's0');
  });

  it('keeps steps with every optional field, absent ones stay absent', () => {
    store.createSession(makeSession('t', 'tree'));
    const full = treeStep('root', null, 0, {
      status: 'completed',
      phase: 'verify',
      input: 'in',
      winnerText: 'win',
      output: null,
      childIds: ['c1', 'c2'],
      changeSet: { applier: 'diff', applied: true, files: [{ path: 'a.ts', before: null, after: 'x', mode: 0o755 }] },
      pauseBaseline: { redFlags: 1, resamples: 2 },
      feedback: 'tests failed',
      attempts: 2,
      rejectedKeys: ['k1'],
      dependsOn: ['other'],
    });
    const bare = treeStep('c1', 'root', 0);
    store.putStep('t', full);
    store.putStep('t', bare);
    assert.deepEqual(store.getStep('t', 'root'), full);
    assert.deepEqual(store.getStep('t', 'c1'), bare);
    assert.equal(store.getStep('t', 'missing'), undefined);
    assert.equal(store.getStep('other-session', 'root'), undefined);
  });

  it('pages steps by parent in index order and counts them', () => {
    store.createSession(makeSession('t', 'tree'));
    store.putStep('t', treeStep('root', null, 0));
    for (const i of [3, 1, 0, 2]) store.putStep('t', treeStep(`c${i}`, 'root', i, { status: i < 2 ? 'completed' : 'pending' }));
    assert.deepEqual(store.getSteps('t', { parentId: 'root' }).map((s) => s.id), ['c0', 'c1', 'c2', 'c3']);
    assert.deepEqual(store.getSteps('t', { parentId: 'root', offset: 1, limit: 2 }).map((s) => s.id), ['c1', 'c2']);
    assert.deepEqual(store.getSteps('t', { parentId: null }).map((s) => s.id), ['root']);
    assert.equal(store.getSteps('t').length, 5);
    assert.equal(store.countSteps('t'), 5);
    assert.equal(store.countSteps('t', { parentId: 'root' }), 4);
    assert.equal(store.countSteps('t', { parentId: 'root', status: 'completed' }), 2);
    assert.equal(store.countSteps('t', { parentId: null }), 1);
    assert.equal(store.getSteps('t', { limit: 0 }).length, 0);
  });

  it('upserts a step by id and finds the last completed chain step', () => {
    store.createSession(makeSession('c'));
    assert.equal(store.lastCompletedChainStep('c'), undefined);
    for (let i = 0; i < 5; i++) store.putStep('c', chainStep(i));
    store.putStep('c', chainStep(5, { status: 'running', phase: 'solve' }));
    assert.equal(store.lastCompletedChainStep('c')!.index, 4);
    store.putStep('c', chainStep(5));
    assert.equal(store.lastCompletedChainStep('c')!.index, 5);
    assert.equal(store.countSteps('c'), 6);
  });

  it('keeps samples, marks rejections, and deleteSteps removes steps with their samples', async () => {
    store.createSession(makeSession('t', 'tree'));
    store.putStep('t', treeStep('a', null, 0));
    store.putStep('t', treeStep('b', null, 1));
    const samples = samplesFor('a', 3);
    samples[1].flags = [{ flagger: 'format', reason: 'no move' }];
    store.addSamples('t', samples);
    store.addSamples('t', samplesFor('b', 2));
    assert.deepEqual(store.getSamples('t', 'a'), samples);
    store.markSampleRejected('t', 'a', 'solver', 2);
    assert.equal(store.getSamples('t', 'a')[2].rejected, true);
    assert.equal(store.getSamples('t', 'a')[0].rejected, undefined);

    store.deleteSteps('t', ['a', 'missing']);
    assert.equal(store.getStep('t', 'a'), undefined);
    assert.deepEqual(store.getSamples('t', 'a'), []);
    assert.equal(store.getSamples('t', 'b').length, 2);

    await store.close();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    assert.equal(store.getStep('t', 'a'), undefined);
    assert.equal(store.getSamples('t', 'b').length, 2);
    assert.equal(store.countSteps('t'), 1);
  });

  it('reopens from the journal alone when the last writer never checkpointed', async () => {
    store.createSession(makeSession('c'));
    for (let i = 0; i < 10; i++) store.putStep('c', chainStep(i));
    // A second store in this process may not adopt the live one's journal...
    const other = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    assert.equal(other.getSession('c'), undefined);
    await other.close();
    // ...and after close (which checkpoints) every write is in the file.
    await store.close();
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    assert.equal(store.countSteps('c'), 10);
  });

  it('rejects writes after close', async () => {
    await store.close();
    assert.throws(() => store.putStep('c', chainStep(0)), /closed/);
    store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
  });
});
