// putStepWithSamples and the chain tail (src/store/tail.ts): a step appended to a running chain is
// journaled but kept out of SQL until the next checkpoint. Every read must still see exactly what
// addSamples + putStep would have produced: before a checkpoint, after it, after a reopen, after
// a crash, and when other writes interleave.
import assert from 'node:assert/strict';
import { openStore, type SqlSessionStore, type StoreOptions } from '../../../src/store';
import type { SampleRecord, StepRecord } from '../../../src/engine/model';
import { chainStep, contestedStep, makeSession, samplesFor, tmpStoreFile } from '../../support/store-fixtures';

const chain = { segmentSteps: 50, recentSteps: 20, previewChars: 30 };
const opts: StoreOptions = { checkpointIntervalMs: 0, chain };

/**
 * Step i and its samples: every 7th contested with long texts, every 11th with a red-flagged
 * sample, and most repeating the winning answer exactly (journaled compactly, tailEntry.ts).
 */
function stepAndSamples(i: number): { step: StepRecord; samples: SampleRecord[] } {
  const step = i % 7 === 0 ? contestedStep(i) : chainStep(i);
  const samples = samplesFor(step.id, 3, i % 7 === 0 ? 'y'.repeat(100) : i % 3 === 0 ? `move = [1,0,2] #${i}` : step.winnerText);
  // Same text as the winner but another key: must not be mistaken for a repeat of the winner.
  if (i % 5 === 0) samples[2] = { ...samples[2], key: 'b' };
  if (i % 11 === 0) {
    samples[1] = { ...samples[1], key: undefined, flags: [{ flagger: 'format', reason: 'no move' }], text: 'z'.repeat(80) };
    step.metrics = { ...step.metrics, resamples: 1, redFlags: { format: 1 } };
  }
  return { step, samples };
}

/** Everything a reader can see of session `c`. */
function snapshot(s: SqlSessionStore): unknown {
  const steps = s.getSteps('c');
  return {
    steps,
    samples: steps.map((st) => s.getSamples('c', st.id)),
    count: s.countSteps('c'),
    completed: s.countSteps('c', { status: 'completed' }),
    last: s.lastCompletedChainStep('c'),
    one: s.getStep('c', 'step-3'),
  };
}

describe('store: putStepWithSamples and the chain tail', () => {
  let tmpA: ReturnType<typeof tmpStoreFile>;
  let tmpB: ReturnType<typeof tmpStoreFile>;
  let a: SqlSessionStore; // putStepWithSamples
  let b: SqlSessionStore; // addSamples + putStep, the reference
  beforeEach(async () => {
    tmpA = tmpStoreFile();
    tmpB = tmpStoreFile();
    a = await openStore(tmpA.file, opts);
    b = await openStore(tmpB.file, opts);
    a.createSession(makeSession('c'));
    b.createSession(makeSession('c'));
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    tmpA.cleanup();
    tmpB.cleanup();
  });

  function write(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const { step, samples } = stepAndSamples(i);
      a.putStepWithSamples('c', step, samples);
      b.addSamples('c', samples);
      b.putStep('c', step);
    }
  }

  it('reads the same as addSamples + putStep, before and after checkpoints and a reopen', async () => {
    write(0, 30);
    assert.deepEqual(snapshot(a), snapshot(b));
    write(30, 130);
    await a.flush();
    await b.flush();
    assert.deepEqual(snapshot(a), snapshot(b));
    write(130, 175);
    a.updateSession('c', { status: 'completed', updatedAt: '2025-01-02T00:00:00.000Z' });
    b.updateSession('c', { status: 'completed', updatedAt: '2025-01-02T00:00:00.000Z' });
    await a.flush();
    await b.flush();
    assert.deepEqual(snapshot(a), snapshot(b));
    await a.close();
    await b.close();
    a = await openStore(tmpA.file, opts);
    b = await openStore(tmpB.file, opts);
    assert.deepEqual(snapshot(a), snapshot(b));
    // Retention happened: an old clean step lost its samples, an old contested one kept them capped.
    assert.deepEqual(a.getSamples('c', 'step-1'), []);
    assert.ok(a.getSamples('c', 'step-7')[0].text.length < 100);
  });

  it('keeps the write order when other writes touch the session in between', async () => {
    write(0, 40);
    // A re-put of a recent step, a rejected sample and a deletion all land after the appends.
    const redo = { ...chainStep(35), description: 'redone' };
    for (const s of [a, b]) {
      s.putStep('c', redo);
      s.markSampleRejected('c', 'step-36', 'solver', 1);
      s.deleteSteps('c', ['step-39']);
    }
    write(39, 60);
    assert.deepEqual(snapshot(a), snapshot(b));
    assert.equal(a.getStep('c', 'step-35')!.description, 'redone');
    await a.flush();
    await b.flush();
    assert.deepEqual(snapshot(a), snapshot(b));
  });

  it('an append that is not at the tail goes straight to SQL', async () => {
    write(0, 10);
    const { step, samples } = stepAndSamples(4);
    step.description = 'again';
    a.putStepWithSamples('c', step, samples);
    b.addSamples('c', samples);
    b.putStep('c', step);
    assert.deepEqual(snapshot(a), snapshot(b));
  });

  it('loses nothing when the process dies before a checkpoint (the journal is replayed)', async () => {
    write(0, 90);
    await a.flush();
    await b.flush();
    write(90, 120);
    await b.flush(); // opening a store checkpoints what it adopts: compare with a checkpointed reference
    const expected = snapshot(b);
    // Simulate a SIGKILL: drop the store without a checkpoint, freeing its journal for adoption.
    (a as unknown as { core: { journal: { close(): void } } }).core.journal.close();
    a = await openStore(tmpA.file, opts); // the dead instance is simply abandoned
    assert.deepEqual(snapshot(a), expected);
  });

  it('holds nothing for a step whose journal write failed; a retry of it lands once', async () => {
    const fs = await import('node:fs');
    write(0, 10);
    // The next append fails (EBADF on a read-only descriptor), as a full disk would.
    const journal = (a as unknown as { core: { journal: { fd: number; activeFile: string } } }).core.journal;
    fs.closeSync(journal.fd);
    journal.fd = fs.openSync(journal.activeFile, 'r');
    const { step, samples } = stepAndSamples(10);
    const held = () => (a as unknown as { core: { tail: { size: number } } }).core.tail.size;
    assert.equal(held(), 10);
    assert.throws(() => a.putStepWithSamples('c', step, samples), /EBADF/);
    assert.equal(held(), 10);
    write(10, 20); // the caller retries step 10: the journal continues in a fresh file
    await a.flush();
    await b.flush();
    assert.deepEqual(snapshot(a), snapshot(b));
    await a.close();
    a = await openStore(tmpA.file, opts);
    assert.deepEqual(snapshot(a), snapshot(b));
  });

  it('gives the held steps back when a checkpoint fails, and writes them at the next one', async () => {
    write(0, 80);
    const expected = snapshot(b);
    const fs = await import('node:fs');
    const path = await import('node:path');
    fs.mkdirSync(`${tmpA.file}.segments`, { recursive: true });
    fs.writeFileSync(path.join(`${tmpA.file}.segments`, 'c'), 'in the way');
    await assert.rejects(a.flush());
    assert.deepEqual(snapshot(a), expected);
    fs.rmSync(path.join(`${tmpA.file}.segments`, 'c'));
    write(80, 90);
    await a.flush();
    await b.flush();
    assert.deepEqual(snapshot(a), snapshot(b));
  });
});
