// A template's stable part (engine/stablePart.ts): the text above `{{!-- end of stable part --}}`,
// rendered apart, must be a prefix of the whole prompt; anything else marks nothing.
import assert from 'node:assert/strict';
import { stablePrefixOf } from '../../../src/engine/stablePart';
import { render } from '../../../src/engine/template';

const check = (source: string, vars: Record<string, unknown>) => {
  const prompt = render(source, vars);
  const n = stablePrefixOf(source, vars, prompt);
  return { prompt, stable: n === undefined ? undefined : prompt.slice(0, n) };
};

describe('engine/stablePart', () => {
  it('the marker line ends the stable part and leaves no trace in the prompt', () => {
    const source = 'Rules for {{task}}.\n{{#if strict}}Be strict.\n{{/if}}\n{{!-- end of stable part: why --}}\nStep: {{step}}\n';
    const a = check(source, { task: 'T', strict: true, step: 'one' });
    assert.equal(a.prompt, 'Rules for T.\nBe strict.\nStep: one\n');
    assert.equal(a.stable, 'Rules for T.\nBe strict.\n');
    assert.equal(check(source, { task: 'T', strict: true, step: 'two' }).stable, a.stable);
  });

  it('no marker (a user\'s or the original tool\'s template), or one inside a block: nothing is marked', () => {
    assert.equal(check('Solve {{prompt}}\n', { prompt: 'x' }).stable, undefined);
    const inBlock = '{{#if a}}Rules\n{{!-- end of stable part --}}\n{{step}}{{/if}}\n';
    assert.equal(check(inBlock, { a: true, step: 's' }).stable, undefined);
    assert.equal(check('{{!-- end of stable part --}}\n{{step}}\n', { step: 's' }).stable, undefined, 'an empty stable part');
  });
});
