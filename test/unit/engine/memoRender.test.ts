// memoRenderer (src/engine/template.ts): a chain renders its system prompt once per run instead of
// once per step. It must give exactly render()'s text, and render again whenever a variable the
// template reads changes, or whenever it cannot tell which variables those are.
import assert from 'node:assert/strict';
import { memoRenderer, render } from '../../../src/engine/template';

describe('engine/template memoRenderer', () => {
  const cases: [string, Record<string, unknown>[]][] = [
    ['{{disks}} disks, {{direction}}', [{ disks: 3, direction: 'cw' }, { disks: 3, direction: 'cw', other: 1 }, { disks: 4, direction: 'cw' }, { disks: 4, direction: 'ccw' }]],
    ['{{#if even}}{{a}}{{else}}{{b}}{{/if}}', [{ even: true, a: 'A', b: 'B' }, { even: false, a: 'A', b: 'B' }, { even: false, a: 'A', b: 'C' }]],
    ['{{inc n}} {{json x}}', [{ n: 1, x: 'q' }, { n: 2, x: 'q' }, { n: 2, x: { deep: 1 } }, { n: 2, x: { deep: 2 } }]],
    ['{{#each xs}}{{this}},{{/each}}', [{ xs: [1, 2] }, { xs: [1, 3] }]],
    ['{{#with o}}{{../top}}{{/with}}', [{ o: {}, top: 't1' }, { o: {}, top: 't2' }]],
    ['{{@root.a}}', [{ a: 1 }, { a: 2 }]],
  ];
  for (const [source, varsList] of cases) {
    it(`matches render() for ${JSON.stringify(source)}`, () => {
      const memo = memoRenderer(source);
      for (const vars of varsList) {
        assert.equal(memo(vars), render(source, vars));
        assert.equal(memo(vars), render(source, vars));
      }
    });
  }

  it('renders once while the variables it reads stay the same', () => {
    // A getter counts reads: the memo reads each variable once to compare; a render reads it again.
    let reads = 0;
    const vars = { b: 'x', c: 0, get a() {
      reads++;
      return 1;
    } };
    const memo = memoRenderer('{{a}}-{{b}}');
    assert.equal(memo(vars), '1-x');
    const afterFirst = reads;
    assert.ok(afterFirst >= 2, 'the first call renders');
    assert.equal(memo(vars), '1-x');
    assert.equal(reads, afterFirst + 1, 'the second call only compares');
    vars.b = 'y';
    assert.equal(memo(vars), '1-y');
    assert.ok(reads >= afterFirst + 3, 'a changed variable renders again');
  });
});
