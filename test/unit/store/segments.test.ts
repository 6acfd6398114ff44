import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore, type SqlSessionStore, type StoreOptions } from '../../../src/store';
import { chainStep, contestedStep, makeSession, samplesFor, tmpStoreFile } from '../../support/store-fixtures';

const chain = { segmentSteps: 500, recentSteps: 100, previewChars: 50 };
const opts: StoreOptions = { checkpointIntervalMs: 0, chain };

function segmentFiles(file: string, sessionId: string): string[] {
  const dir = path.join(`${file}.segments`, sessionId);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('store: sealed segments and retention (flat cost)', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let store: SqlSessionStore;

  beforeEach(async () => {
    tmp = tmpStoreFile();
    store = await openStore(tmp.file, opts);
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  /** Writes steps [from, to) with samples; every 7th step is contested, with a long sample. */
  function writeChain(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const st = i % 7 === 0 ? contestedStep(i) : chainStep(i);
      store.putStep('c', st);
      store.addSamples('c', samplesFor(st.id, 3, i % 7 === 0 ? 'x'.repeat(500) : 'move = [1,0,2]'));
    }
  }

  it('retires old chain steps into segments, seals full ones, and keeps the main DB bounded', async () => {
    store.createSession(makeSession('c'));
    const sizes: number[] = [];
    const sealedAt = new Map<string, number>();
    for (let k = 0; k < 10; k++) {
      writeChain(k * 600, (k + 1) * 600);
      await store.flush();
      sizes.push(fs.statSync(tmp.file).size);
      const files = segmentFiles(tmp.file, 'c');
      // every file but the newest (the open one) is sealed: never written again
      for (const f of files.slice(0, -1)) {
        const m = fs.statSync(path.join(`${tmp.file}.segments`, 'c', f)).mtimeMs;
        if (sealedAt.has(f)) assert.equal(m, sealedAt.get(f), `${f} was rewritten`);
        sealedAt.set(f, m);
      }
    }
    // 6000 steps, the newest 100 stay in the main DB: 5900 retired = 11 sealed segments of 500 + 400 open.
    assert.equal(segmentFiles(tmp.file, 'c').length, 12);
    assert.equal(store.stats().segmentsSealed, 11);
    // The main DB only holds the recent steps plus one checkpoint's worth: its size plateaus
    // from the first checkpoint on instead of growing with the chain.
    assert.ok(Math.max(...sizes) <= 1.5 * Math.min(...sizes), `main DB size should plateau: ${sizes.join(', ')}`);

    // Reads work across segments and the main DB, in index order.
    assert.equal(store.countSteps('c'), 6000);
    assert.equal(store.countSteps('c', { parentId: null, status: 'completed' }), 6000);
    assert.equal(store.lastCompletedChainStep('c')!.index, 5999);
    const page = store.getSteps('c', { offset: 5480, limit: 40 });
    assert.deepEqual(page.map((s) => s.index), Array.from({ length: 40 }, (_, i) => 5480 + i));
    assert.deepEqual(store.getSteps('c', { offset: 0, limit: 3 }).map((s) => s.index), [0, 1, 2]);
    assert.deepEqual(store.getSteps('c', { offset: 5998 }).map((s) => s.index), [5998, 5999]);
    assert.deepEqual(store.getStep('c', 'step-123'), chainStep(123));
    assert.deepEqual(store.getStep('c', 'step-700'), contestedStep(700));
  });

  it('keeps samples only for recent and contested steps, capping old texts', async () => {
    store.createSession(makeSession('c'));
    writeChain(0, 2000);
    await store.flush();
    // recent: all samples, full text
    assert.equal(store.getSamples('c', 'step-1999').length, 3);
    assert.equal(store.getSamples('c', 'step-1904')[0].text.length, 500); // 1904 = 7 * 272, recent
    // old and clean: dropped (from a segment and from the main DB tail alike)
    assert.deepEqual(store.getSamples('c', 'step-10'), []);
    assert.deepEqual(store.getSamples('c', 'step-1801'), []);
    // old and contested: kept, text capped with a marker
    const kept = store.getSamples('c', 'step-14');
    assert.equal(kept.length, 3);
    assert.ok(kept[0].text.startsWith('x'.repeat(50) + '\n…[truncated'), kept[0].text);
    assert.equal(store.getSamples('c', 'step-1806').length, 3);
    // flagged samples keep their step's candidates too
    store.putStep('c', chainStep(2000));
    const flagged = samplesFor('step-2000', 2);
    flagged[0].flags = [{ flagger: 'length', reason: 'too long' }];
    store.addSamples('c', flagged);
    writeChain(2001, 2300);
    await store.flush();
    assert.equal(store.getSamples('c', 'step-2000').length, 2);
  });

  it('rolls a failed retirement back: nothing lost, nothing counted twice', async () => {
    store.createSession(makeSession('c'));
    writeChain(0, 700);
    // A file where the session's segment folder should be makes the segment write fail.
    fs.mkdirSync(`${tmp.file}.segments`, { recursive: true });
    fs.writeFileSync(path.join(`${tmp.file}.segments`, 'c'), 'in the way');
    await assert.rejects(store.flush());
    assert.equal(store.countSteps('c'), 700);
    assert.deepEqual(store.getSteps('c', { offset: 498, limit: 3 }).map((s) => s.index), [498, 499, 500]);
    fs.rmSync(path.join(`${tmp.file}.segments`, 'c'));
    await store.flush();
    assert.equal(segmentFiles(tmp.file, 'c').length, 2);
    assert.equal(store.countSteps('c'), 700);
    await store.close();
    store = await openStore(tmp.file, opts);
    assert.equal(store.countSteps('c'), 700);
    assert.equal(store.lastCompletedChainStep('c')!.index, 699);
  });

  it('never prunes nor seals tree sessions', async () => {
    store.createSession(makeSession('t', 'tree'));
    for (let i = 0; i < 1200; i++) {
      store.putStep('t', chainStep(i));
      store.addSamples('t', samplesFor(`step-${i}`, 2));
    }
    await store.flush();
    assert.deepEqual(segmentFiles(tmp.file, 't'), []);
    assert.equal(store.getSamples('t', 'step-0').length, 2);
  });

  it('seals the tail of a completed chain, and survives a reopen', async () => {
    store.createSession(makeSession('c'));
    writeChain(0, 1250);
    store.updateSession('c', { status: 'completed' });
    await store.close();
    assert.equal(segmentFiles(tmp.file, 'c').length, 3); // 500 + 500 + the 250-step tail
    store = await openStore(tmp.file, opts);
    assert.equal(store.countSteps('c'), 1250);
    assert.equal(store.lastCompletedChainStep('c')!.index, 1249);
    assert.deepEqual(store.getSteps('c', { offset: 998, limit: 4 }).map((s) => s.index), [998, 999, 1000, 1001]);
  });

  it('edits, rejects and deletes already sealed steps (rare path) without losing them', async () => {
    store.createSession(makeSession('c'));
    writeChain(0, 800);
    await store.flush();
    assert.equal(segmentFiles(tmp.file, 'c').length, 2); // 500 sealed + 200 open
    store.putStep('c', chainStep(3, { description: 'edited' }));
    assert.equal(store.getStep('c', 'step-3')!.description, 'edited');
    store.markSampleRejected('c', 'step-7', 'solver', 1);
    assert.equal(store.getSamples('c', 'step-7')[1].rejected, true);
    store.deleteSteps('c', ['step-4']);
    assert.equal(store.getStep('c', 'step-4'), undefined);
    assert.equal(store.countSteps('c'), 799);
    await store.close();
    // the replaced segment file is gone once the checkpoint stopped pointing at it
    assert.equal(segmentFiles(tmp.file, 'c').length, 2);
    store = await openStore(tmp.file, opts);
    assert.equal(store.getStep('c', 'step-3')!.description, 'edited');
    assert.equal(store.getSamples('c', 'step-7')[1].rejected, true);
    assert.equal(store.countSteps('c'), 799);
    assert.deepEqual(store.getSteps('c', { offset: 3, limit: 2 }).map((s) => s.index), [3, 5]);
  });
});
