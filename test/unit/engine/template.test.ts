// Prompt rendering: Handlebars with NO HTML escaping, so `<file path="…">` blocks and code reach
// the model verbatim (the original tool escaped them into `&lt;file…`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { precompileCheck, render } from '../../../src/engine/template';
import { REPO_ROOT } from '../../support/cliRun';

describe('engine/template', () => {
  it('does not HTML-escape: <file path="a.py"> and & stay verbatim', () => {
    const text = '<file path="a.py">\nif a < b && c > d:\n    s = \'x\' + "y"\n</file>';
    assert.equal(render('{{candidate}}', { candidate: text }), text);
    const out = render('Step: {{step}}\n{{text}}', { step: 'Fix R&D <bugs>', text: '`x` = `y`' });
    assert.equal(out, 'Step: Fix R&D <bugs>\n`x` = `y`');
    assert.doesNotMatch(out, /&lt;|&gt;|&amp;|&quot;|&#x27;|&#x3D;|&#x60;/);
  });

  it('the shipped solution discriminator template passes candidates through unescaped', () => {
    const source = readFileSync(path.join(REPO_ROOT, 'templates', 'code_solution_discriminator.hbs'), 'utf8');
    const candidate = '<file path="src/a.py">\nx = 1 if a < b else 2  # R&D\n</file>';
    const out = render(source, { step: 'Fix <it>', options: [{ n: 1, text: candidate }, { n: 2, text: 'other & more' }] });
    assert.ok(out.includes(candidate), out);
    assert.ok(out.includes('other & more'));
    assert.ok(out.includes('Step: Fix <it>'));
    assert.doesNotMatch(out, /&lt;|&amp;|&quot;/);
  });

  it('the shipped solver and decomposition templates give a human\'s reject reason to the model, and say nothing without one', () => {
    for (const name of ['code_solver', 'analysis_solver', 'code_decomposition', 'analysis_decomposition']) {
      const source = readFileSync(path.join(REPO_ROOT, 'templates', `${name}.hbs`), 'utf8');
      const vars = { task: 't', step: 's', max_files: 1, max_lines_changed: 10, files: [] };
      assert.match(render(source, { ...vars, human_feedback: 'keep the public API' }), /rejected an earlier (answer|plan)[\s\S]*"keep the public API"/, name);
      assert.doesNotMatch(render(source, vars), /rejected/, name);
    }
  });

  it('has json, inc and eq helpers', () => {
    assert.equal(render('{{json v}}', { v: { a: [1, '<b>'] } }), '{"a":[1,"<b>"]}');
    assert.equal(render('{{inc i}}', { i: 0 }), '1');
    assert.equal(render('{{#if (eq a "x")}}yes{{else}}no{{/if}}', { a: 'x' }), 'yes');
  });

  it('a missing variable renders as empty text, not an error', () => {
    assert.equal(render('[{{missing}}]', {}), '[]');
  });

  it('precompileCheck throws on a syntax error and accepts a good template', () => {
    assert.doesNotThrow(() => precompileCheck('Hello {{name}} {{#if x}}y{{/if}}'));
    assert.throws(() => precompileCheck('Hello {{#if x}}'), /Parse error|Expecting/);
    assert.throws(() => precompileCheck('Hello {{name'), /Parse error|Expecting/);
  });
});
