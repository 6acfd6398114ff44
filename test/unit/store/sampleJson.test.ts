// The journal's compact form of a sample that repeats its step's winner (src/store/sampleJson.ts):
// the hand-written JSON for the engine's own sample shape must parse to exactly what the generic
// JSON.stringify of the same compact record gives, and any other shape must take the generic way.
import assert from 'node:assert/strict';
import type { SampleRecord } from '../../../src/engine/model';
import { winnerRepeatJson } from '../../../src/store/journal/sampleJson';

const generic = (s: SampleRecord) => JSON.parse(JSON.stringify({ ...s, flags: s.flags ?? [], text: undefined, key: undefined, w: 1 }));

const engineSample = (over: Partial<SampleRecord> = {}): SampleRecord => ({
  stepId: '12', role: 'solver', seq: 2, text: 'move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]', key: 'k', flags: [], rejected: false,
  tokensIn: 307, tokensOut: 39, finish: 'stop', temperature: 0.1, latencyMs: 0.084, model: 'gpt-4.1-mini', ...over,
});

describe('store/sampleJson: compact samples', () => {
  const cases: [string, SampleRecord][] = [
    ['the engine shape', engineSample()],
    ['quotes and unicode in strings', engineSample({ stepId: 'a"b\\c', model: 'ü-model', role: 'solver' })],
    ['non-empty flags', engineSample({ flags: [{ flagger: 'format', reason: 'no "move"' }] })],
    ['rejected', engineSample({ rejected: true })],
    ['integer and tiny numbers', engineSample({ temperature: 0, latencyMs: 1e-7, tokensIn: 0 })],
    ['no rejected member (generic way)', (() => { const s = engineSample(); delete s.rejected; return s; })()],
    ['an extra member (generic way)', { ...engineSample(), extra: { x: 1 } } as SampleRecord],
    ['members in another order (generic way)', (() => { const { model, ...rest } = engineSample(); return { model, ...rest }; })()],
    ['a non-finite number (generic way)', engineSample({ latencyMs: Number.NaN })],
  ];
  for (const [name, s] of cases) {
    it(name, () => {
      const json = winnerRepeatJson(s);
      assert.deepEqual(JSON.parse(json), generic(s));
      assert.equal(JSON.parse(json).text, undefined);
      assert.equal(JSON.parse(json).w, 1);
    });
  }
});
