// The search_replace applier: SEARCH/REPLACE blocks found exactly once (0 or 2+ matches are
// refusals naming the file and the block), the one indentation tolerance, new files from an empty
// search text, CRLF files and answers, and `auto`'s choice between blocks and whole files by size.
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { editFormatFor, editVars, isLongFile, SEARCH_REPLACE_FROM_CHARS, SEARCH_REPLACE_FROM_LINES } from '../../../src/engine/editFormat';
import type { DomainConfig } from '../../../src/engine/config';
import { render } from '../../../src/engine/template';
import { parseEditAnswer } from '../../../src/workspace/searchReplace';
import { applySearchReplace } from '../../../src/workspace/searchReplaceApply';
import { planChangeSet } from '../../../src/workspace/planner';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const block = (search: string, replace: string) => `<<<<<<< SEARCH\n${search}=======\n${replace}>>>>>>> REPLACE\n`;
const sr = (path: string, ...blocks: string[]) => `<file path="${path}">\n${blocks.join('')}</file>`;
const lines = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
const apply = (before: string | null, ...pairs: [string, string][]) =>
  applySearchReplace('a.js', before, pairs.map(([s, r]) => ({ search: lines(s), replace: lines(r) })));

describe('workspace/searchReplace: applying blocks', () => {
  const src = 'function f() {\n  return 1;\n}\n\nfunction g() {\n  return 1;\n}\n';

  it('replaces a search text that matches once', () => {
    assert.deepEqual(apply(src, ['function g() {\n  return 1;\n', 'function g() {\n  return 2;\n']), {
      ok: true, after: 'function f() {\n  return 1;\n}\n\nfunction g() {\n  return 2;\n}\n',
    });
  });

  it('refuses 0 matches and 2+ matches, naming the file and the block number', () => {
    const none = apply(src, ['function f() {\n  return 1;\n', 'function f() {\n  return 0;\n'], ['function h() {\n', 'x\n']);
    assert.equal(none.ok, false);
    assert.match(!none.ok ? none.reason : '', /^'a\.js', SEARCH\/REPLACE block 2: the search text matches nothing/);
    const many = apply(src, ['  return 1;\n', '  return 2;\n']);
    assert.equal(many.ok, false);
    assert.match(!many.ok ? many.reason : '', /^'a\.js', SEARCH\/REPLACE block 1: the search text matches 2 times \(lines 2, 6\)/);
  });

  it('applies blocks in order, each to what the earlier ones left', () => {
    const r = apply(src, ['function f() {\n', 'function first() {\n'], ['function first() {\n  return 1;\n', 'function first() {\n  return 3;\n']);
    assert.ok(r.ok);
    assert.match(r.after, /^function first\(\) \{\n  return 3;\n\}\n/);
  });

  it('ignores trailing whitespace the model dropped or added', () => {
    const r = apply('a = 1;   \nb = 2;\n', ['a = 1;\n', 'a = 10;\n']);
    assert.deepEqual(r, { ok: true, after: 'a = 10;\nb = 2;\n' });
  });

  it('tolerates one consistent indentation change and re-indents the replacement the same way', () => {
    const py = 'class A:\n    def f(self):\n        if x:\n            return 1\n        return 2\n';
    // The model quoted the method dedented by four spaces; its replacement keeps its own relative indentation.
    const r = apply(py, ['def f(self):\n    if x:\n        return 1\n', 'def f(self):\n    if x is not None:\n        return 1\n\n    # done\n']);
    assert.deepEqual(r, { ok: true, after: 'class A:\n    def f(self):\n        if x is not None:\n            return 1\n\n        # done\n        return 2\n' });
    // Tabs in the file, spaces in the answer: the prefix is swapped as a whole.
    const tabs = apply('if (a) {\n\tcall();\n}\n', ['    call();\n', '    call(1);\n    other();\n']);
    assert.deepEqual(tabs, { ok: true, after: 'if (a) {\n\tcall(1);\n\tother();\n}\n' });
  });

  it('refuses indentation that differs line by line, or a replacement it cannot re-indent', () => {
    const py = 'def f():\n    if x:\n        return 1\n';
    const uneven = apply(py, ['    if x:\n    return 1\n', '    if y:\n        return 1\n']);
    assert.match(!uneven.ok ? uneven.reason : '', /block 1: the search text matches line 2 only with indentation that differs line by line/);
    const shallower = apply(py, ['        if x:\n            return 1\n', '        if y:\n    return 1\n']);
    assert.match(!shallower.ok ? shallower.reason : '', /replacement line 2 is indented less than the search text/);
    const twice = apply('a:\n  x = 1\nb:\n    x = 1\n', ['x = 1\n', 'x = 2\n']);
    assert.match(!twice.ok ? twice.reason : '', /matches 2 times when indentation is ignored \(lines 2, 4\)/);
  });

  it('creates a new file from an empty search text, and refuses one for an existing file', () => {
    assert.deepEqual(apply(null, ['', 'export const x = 1;\n']), { ok: true, after: 'export const x = 1;\n' });
    assert.deepEqual(apply(null, ['', 'a\nb\n'], ['b\n', 'c\n']), { ok: true, after: 'a\nc\n' });
    const exists = apply(src, ['', 'x\n']);
    assert.match(!exists.ok ? exists.reason : '', /block 1: the search text is empty, which creates a file, but 'a\.js' exists/);
    const missing = apply(null, ['a\n', 'b\n']);
    assert.match(!missing.ok ? missing.reason : '', /'a\.js' does not exist; to create it, leave the search text empty/);
  });

  it('keeps a CRLF file CRLF, a BOM, and a missing final newline', () => {
    assert.deepEqual(apply('\uFEFFa\r\nb\r\nc\r\n', ['b\n', 'B\n']), { ok: true, after: '\uFEFFa\r\nB\r\nc\r\n' });
    assert.deepEqual(apply('a\nb', ['b\n', 'B\n']), { ok: true, after: 'a\nB' });
    assert.deepEqual(apply('a\nb\nc\n', ['b\n', '']), { ok: true, after: 'a\nc\n' }, 'an empty replacement deletes the lines');
  });
});

describe('workspace/searchReplace: reading answers', () => {
  it('reads blocks in <file> tags, several tags for one file, and a CRLF answer', () => {
    const text = `Here is the fix.\r\n${sr('src/a.js', block('x\n', 'y\n'), block('p\n', 'q\n'))}\r\nAnd:\r\n${sr('src/a.js', block('m\n', 'n\n'))}`.replace(/\n/g, '\r\n');
    const r = parseEditAnswer(text, '');
    assert.ok(r.ok);
    assert.deepEqual(r.edits, [
      { path: 'src/a.js', kind: 'search_replace', blocks: [{ search: ['x'], replace: ['y'] }, { search: ['p'], replace: ['q'] }] },
      { path: 'src/a.js', kind: 'search_replace', blocks: [{ search: ['m'], replace: ['n'] }] },
    ]);
  });

  it('reads blocks under a path line, in a fence, and gives a block without one the previous file', () => {
    const text = `Change **src/a.py**:\n\nsrc/a.py\n\`\`\`python\n${block('x = 1\n', 'x = 2\n')}\`\`\`\n\n\`\`\`python\n${block('y = 1\n', 'y = 2\n')}\`\`\`\nFile: lib/b.py\n${block('z\n', 'w\n')}`;
    const r = parseEditAnswer(text, 'Fix it');
    assert.ok(r.ok);
    assert.deepEqual(r.edits.map((e) => [e.path, e.kind === 'search_replace' ? e.blocks.length : 0]), [['src/a.py', 2], ['lib/b.py', 1]]);
  });

  it('falls back to the step description for a block that names no file, and refuses when it names none', () => {
    const r = parseEditAnswer(block('a\n', 'b\n'), 'Fix the bug in src/x.ts');
    assert.ok(r.ok);
    assert.equal(r.edits[0].path, 'src/x.ts');
    const none = parseEditAnswer(block('a\n', 'b\n'), 'Fix the bug');
    assert.match(!none.ok ? none.reason : '', /names no file/);
  });

  it('refuses a block cut off before its ======= or >>>>>>> REPLACE (truncated output)', () => {
    for (const cut of ['<<<<<<< SEARCH\nold line\n', '<<<<<<< SEARCH\nold\n=======\nnew line\n']) {
      const r = parseEditAnswer(`<file path="a.js">\n${cut}</file>`, '');
      assert.match(!r.ok ? r.reason : '', /SEARCH\/REPLACE block at answer line 1 for 'a\.js' is incomplete .*truncated/);
      const bare = parseEditAnswer(`a.js\n${cut}`, '');
      assert.match(!bare.ok ? bare.reason : '', /incomplete .*truncated/);
    }
  });
});

describe('workspace/searchReplace: auto picks the format by file size', () => {
  let dir: TmpDir;
  const long = Array.from({ length: SEARCH_REPLACE_FROM_LINES }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const short = 'const a = 1;\nconst b = 2;\n';
  beforeEach(() => {
    dir = makeTmpDir('mf-sr-');
    dir.write('long.txt', long);
    dir.write('short.js', short);
  });
  afterEach(() => dir.cleanup());

  const plan = (applier: DomainConfig['applier'], text: string) =>
    planChangeSet(realpathSync(dir.path), { applier, stepGranularity: { maxFiles: 5, maxLinesChanged: 100 } }, text, 'step');

  it('a file is long from 200 lines or 8,000 characters on', () => {
    assert.equal(isLongFile('x\n'.repeat(SEARCH_REPLACE_FROM_LINES - 1)), false);
    assert.equal(isLongFile('x\n'.repeat(SEARCH_REPLACE_FROM_LINES)), true);
    assert.equal(isLongFile('x'.repeat(SEARCH_REPLACE_FROM_CHARS)), true);
    assert.equal(editFormatFor('auto', long), 'search_replace');
    assert.equal(editFormatFor('auto', short), 'whole');
    assert.equal(editFormatFor('search_replace', short), 'search_replace');
    assert.equal(editFormatFor('overwrite_file', long), 'whole');
  });

  it('tells the solver template which files take SEARCH/REPLACE blocks', () => {
    const v = editVars('auto', [{ path: 'long.txt', content: long }, { path: 'short.js', content: short }]);
    assert.deepEqual(v.files.map((f) => [f.path, f.lines, f.search_replace]), [['long.txt', 200, true], ['short.js', 2, false]]);
    assert.deepEqual([v.edit_whole, v.edit_search_replace, v.edit_diff, v.search_replace_files], [true, true, false, 'long.txt']);
    const small = editVars('auto', [{ path: 'short.js', content: short }]);
    assert.deepEqual([small.edit_whole, small.edit_search_replace], [true, false]);
    assert.deepEqual([editVars('search_replace', []).edit_whole, editVars('search_replace', []).edit_search_replace], [false, true]);
    // The shipped solver template asks for blocks in the long file only, and for whole files otherwise.
    const template = readFileSync(join(REPO_ROOT, 'templates/code_solver.hbs'), 'utf8');
    const prompt = render(template, { task: 't', step: 's', max_files: 2, ...v });
    assert.match(prompt, /Edit the long file\(s\) long\.txt with SEARCH\/REPLACE blocks:\n<file path="relative\/path">\n<<<<<<< SEARCH\n/);
    assert.match(prompt, /complete new content of every other file you change/);
    assert.doesNotMatch(render(template, { task: 't', step: 's', max_files: 1, ...small }), /SEARCH/);
  });

  it('auto: whole files below the size, blocks above it, a whole rewrite of a long file refused', async () => {
    const whole = await plan('auto', `<file path="short.js">\nconst a = 3;\nconst b = 2;\n</file>`);
    assert.ok(whole.ok);
    assert.equal(whole.changeSet.files[0].after, 'const a = 3;\nconst b = 2;\n');
    const blocks = await plan('auto', sr('long.txt', block('line 100\n', 'line one hundred\n')));
    assert.ok(blocks.ok);
    assert.equal(blocks.changeSet.files[0].after, long.replace('line 100\n', 'line one hundred\n'));
    assert.equal(blocks.changeSet.applier, 'auto');
    const rewrite = await plan('auto', `<file path="long.txt">\n${long.replace('line 100\n', 'x\n')}</file>`);
    assert.match(!rewrite.ok ? rewrite.reason : '', /'long\.txt' is a long file .*edit it with SEARCH\/REPLACE blocks, not a whole file/);
    const created = await plan('auto', `<file path="new/file.md">\n# New\n</file>`);
    assert.ok(created.ok);
    assert.deepEqual(created.changeSet.files.map((f) => [f.path, f.before, f.after]), [['new/file.md', null, '# New\n']]);
    const small = await plan('auto', sr('short.js', block('const b = 2;\n', 'const b = 5;\n')));
    assert.ok(small.ok, 'blocks are fine on a short file too');
  });

  it('search_replace: blocks only for existing files; a new file from an empty search text', async () => {
    const whole = await plan('search_replace', `<file path="short.js">\nconst a = 3;\n</file>`);
    assert.match(!whole.ok ? whole.reason : '', /'short\.js' exists, and the applier is search_replace/);
    const created = await plan('search_replace', sr('src/new.js', block('', 'module.exports = 1;\n')));
    assert.ok(created.ok);
    assert.deepEqual(created.changeSet.files.map((f) => [f.path, f.before, f.after]), [['src/new.js', null, 'module.exports = 1;\n']]);
    const nothing = await plan('search_replace', 'I would change short.js.');
    assert.match(!nothing.ok ? nothing.reason : '', /no SEARCH\/REPLACE blocks/);
  });

  it('a CRLF file edited from an LF answer, and an LF file from a CRLF answer, keep their own line endings', async () => {
    dir.write('win.txt', 'one\r\ntwo\r\n');
    const crlf = await plan('search_replace', sr('win.txt', block('two\n', 'TWO\n')));
    assert.ok(crlf.ok);
    assert.equal(crlf.changeSet.files[0].after, 'one\r\nTWO\r\n');
    const fromCrlf = await plan('search_replace', sr('short.js', block('const a = 1;\n', 'const a = 7;\n')).replace(/\n/g, '\r\n'));
    assert.ok(fromCrlf.ok);
    assert.equal(fromCrlf.changeSet.files[0].after, 'const a = 7;\nconst b = 2;\n');
  });
});
