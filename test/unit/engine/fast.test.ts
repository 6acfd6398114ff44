// The V8 shapes behind names (src/engine/fast.ts) must stay what their callers take them for: a
// dictionary is an ordinary object to every reader, and withSeq is `{ ...meta, seq }`.
import assert from 'node:assert/strict';
import { dictionary, withSeq } from '../../../src/engine/fast';

describe('engine/fast', () => {
  it('dictionary(): an ordinary object to every reader (prototype, JSON, deepEqual, key order)', () => {
    const d = dictionary<number>();
    d['move = [1, 0, 2]'] = 3;
    d.b = 1;
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(d, 'b') && d.hasOwnProperty('b'));
    assert.equal(String(d), '[object Object]');
    assert.deepEqual(d, { 'move = [1, 0, 2]': 3, b: 1 });
    assert.deepEqual(Object.keys(d), ['move = [1, 0, 2]', 'b'], 'insertion order');
    assert.equal(JSON.stringify(d), '{"move = [1, 0, 2]":3,"b":1}');
    assert.notEqual(dictionary(), dictionary(), 'a fresh object each time');
  });

  it('withSeq(): a copy of meta with seq, the original untouched', () => {
    const meta = { step: 4, chain: 'hanoi', seq: 99 };
    const out = withSeq(meta, 2);
    assert.deepEqual(out, { ...meta, seq: 2 });
    assert.deepEqual(meta, { step: 4, chain: 'hanoi', seq: 99 });
    assert.deepEqual(withSeq(undefined, 0), { seq: 0 });
  });
});
