// The packed tail (src/store/tailList.ts): held chain steps as bytes in slabs and integers in a
// typed array. What a checkpoint reads back (entries()) must be exactly the journal line and the
// step's facts, across slab boundaries, for non-ASCII text, for ids the chain flow does not make,
// and with nothing left behind by a line whose journal write failed.
import assert from 'node:assert/strict';
import type { SampleRecord, StepRecord } from '../../../src/engine/model';
import { entrySamples, entryStep, lineRanges, tailLine } from '../../../src/store/chain/tailEntry';
import { TailList } from '../../../src/store/chain/tailList';
import { lineBytes } from '../../../src/store/journal/lineCheck';
import { chainStep, contestedStep, samplesFor } from '../../support/store-fixtures';

function held(list: TailList, step: StepRecord, samples: SampleRecord[]): string {
  const line = tailLine('s-1', step, samples);
  const staged = list.encode(line.text);
  list.commit(step.id, step.index, step.status, line.keep, lineRanges(line, staged.len));
  // What the journal holds: the record, its checksum and the newline (journal/lineCheck.ts).
  return lineBytes(line.text).toString('utf8');
}

describe('store: the packed chain tail', () => {
  it('gives back every line and fact, in order, across many slabs', () => {
    const list = new TailList();
    const texts: string[] = [];
    // ~1.3 KB lines: 4,000 of them fill the doubling slabs (64 KiB .. 4 MiB) several times over.
    for (let i = 0; i < 4000; i++) {
      const step = i % 9 === 0 ? contestedStep(i) : chainStep(i, { id: String(i + 1), description: 'd'.repeat(1000) });
      texts.push(held(list, step, samplesFor(step.id, 3, step.winnerText)));
    }
    assert.equal(list.length, 4000);
    assert.equal(list.lastIndex(), 3999);
    const entries = list.entries();
    entries.forEach((e, i) => {
      assert.equal(e.line.toString('utf8'), texts[i]);
      assert.equal(e.index, i);
      assert.equal(e.id, i % 9 === 0 ? `step-${i}` : String(i + 1)); // the chain's own ids are not stored
      assert.equal(e.status, 'completed');
      assert.equal(e.keep, i % 9 === 0);
      assert.equal(entryStep(e).index, i);
      assert.equal(entrySamples(e).length, 3);
    });
  });

  it('measures the JSON ranges in bytes when the line is not ASCII', () => {
    const list = new TailList();
    const step = chainStep(7, { description: 'déplacer le disque 1 → pic 2 🙂', winnerText: 'mouvement = [1,0,2] ✓' });
    const samples = samplesFor(step.id, 2, 'réponse ✗');
    held(list, step, samples);
    const [e] = list.entries();
    assert.ok(e.line.length > tailLine('s-1', step, samples).text.length);
    assert.deepEqual(entryStep(e), JSON.parse(JSON.stringify(step)));
    assert.deepEqual(entrySamples(e).map((s) => s.text), ['réponse ✗', 'réponse ✗']);
  });

  it('holds a line larger than a slab in a slab of its own', () => {
    const list = new TailList();
    held(list, chainStep(0), samplesFor('step-0'));
    const big = chainStep(1, { winnerText: 'x'.repeat(5 * 1024 * 1024) });
    held(list, big, samplesFor('step-1', 1, 'other'));
    held(list, chainStep(2), samplesFor('step-2'));
    assert.deepEqual(list.entries().map((e) => entryStep(e).winnerText?.length), [chainStep(0).winnerText!.length, 5 * 1024 * 1024, chainStep(2).winnerText!.length]);
  });

  it('leaves no step behind a line that was encoded but not committed (its journal write failed)', () => {
    const list = new TailList();
    held(list, chainStep(0), samplesFor('step-0'));
    list.encode(tailLine('s-1', chainStep(1), samplesFor('step-1')).text); // the write threw: no commit
    const text = held(list, chainStep(2), samplesFor('step-2'));
    assert.deepEqual(list.entries().map((e) => e.index), [0, 2]);
    assert.equal(list.entries()[1].line.toString('utf8'), text);
    assert.throws(() => list.commit('x', 3, 'completed', false, [0, 0, 0, 0]), /without a staged line/);
  });

  it('copies entries into another list (a failed checkpoint puts them back)', () => {
    const a = new TailList();
    for (let i = 0; i < 5; i++) held(a, chainStep(i), samplesFor(`step-${i}`));
    const b = new TailList();
    for (const e of a.entries()) b.add(e);
    assert.deepEqual(b.entries(), a.entries());
  });
});
