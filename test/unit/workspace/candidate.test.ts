import assert from 'node:assert/strict';
import { firstPathToken, parseFencedBlocks, parseFileBlocks, parseOverwriteCandidate } from '../../../src/workspace/candidate';
import { extractUnifiedDiff, normalizeUnifiedDiff, parsePatchCandidate } from '../../../src/workspace/unifiedDiff';

describe('workspace/candidate: <file> blocks', () => {
  it('parses several blocks with double and single quotes, stripping the formatting newlines', () => {
    const text = 'Here you go:\n<file path="src/a.js">\nconst a = 1;\n</file>\nand\n<file path=\'b/c.py\'>\nx = 2\ny = 3\n</file>\n';
    const r = parseFileBlocks(text);
    assert.ok(r.ok);
    assert.deepEqual(r.blocks, [
      { path: 'src/a.js', content: 'const a = 1;' },
      { path: 'b/c.py', content: 'x = 2\ny = 3' },
    ]);
  });

  it('tolerates extra attributes and ignores <file> tags without a path', () => {
    const r = parseFileBlocks('A <file> element.\n<file lang="py" path="a.py" >\nx = 1\n</file>');
    assert.ok(r.ok);
    assert.deepEqual(r.blocks, [{ path: 'a.py', content: 'x = 1' }]);
  });

  it('keeps an intended blank line at the end and inline content as is', () => {
    const r = parseFileBlocks('<file path="a.txt">\nline\n\n</file><file path="b.txt">inline</file>');
    assert.ok(r.ok);
    assert.equal(r.blocks[0].content, 'line\n');
    assert.equal(r.blocks[1].content, 'inline');
  });

  it('unwraps a fence put inside the block', () => {
    const r = parseFileBlocks('<file path="a.py">\n```python\nprint(1)\n```\n</file>');
    assert.ok(r.ok);
    assert.equal(r.blocks[0].content, 'print(1)');
  });

  it('does not unwrap a file that has text around a fence', () => {
    const r = parseFileBlocks('<file path="README.md">\n# Title\n```sh\nrun\n```\n</file>');
    assert.ok(r.ok);
    assert.equal(r.blocks[0].content, '# Title\n```sh\nrun\n```');
  });

  it('refuses an unterminated block (truncated output)', () => {
    const r = parseFileBlocks('<file path="a.js">\nconst a =');
    assert.equal(r.ok, false);
    const r2 = parseFileBlocks('<file path="a.js">\nx\n<file path="b.js">y</file>');
    assert.equal(r2.ok, false);
  });

  it('handles CRLF formatting newlines', () => {
    const r = parseFileBlocks('<file path="a.txt">\r\nx\r\ny\r\n</file>');
    assert.ok(r.ok);
    assert.equal(r.blocks[0].content, 'x\r\ny');
  });
});

describe('workspace/candidate: fallback (no blocks)', () => {
  it('uses the first path-like token of the description and the first fence', () => {
    const r = parseOverwriteCandidate('Fixed:\n```js\nmodule.exports = 1;\n```\n```js\nother\n```', 'Fix the sign bug in `src/math.js`.');
    assert.ok(r.ok);
    assert.equal(r.source, 'fallback');
    assert.deepEqual(r.files, [{ path: 'src/math.js', content: 'module.exports = 1;' }]);
  });

  it('prefers a token with a directory over a bare name, and ignores e.g./versions', () => {
    assert.equal(firstPathToken('Use Node.js, e.g. edit lib/x.ts'), 'lib/x.ts');
    assert.equal(firstPathToken('e.g. bump to 1.2.3 in README.md.'), 'README.md');
    assert.equal(firstPathToken('Update (main.py)'), 'main.py');
    assert.equal(firstPathToken('Write tests, i.e. more coverage'), undefined);
    assert.equal(firstPathToken('touch ./src/a.rs'), 'src/a.rs');
  });

  it('targets the code, not the failing test the description names beside it', () => {
    assert.equal(firstPathToken('Fix chunks.py: it drops the last chunk; tests/test_chunks.py fails.'), 'chunks.py');
    assert.equal(firstPathToken('Fix src/range.js; test/range.test.js fails'), 'src/range.js');
    assert.equal(firstPathToken('Fix it; src/range.spec.ts fails, see lib/range.ts'), 'lib/range.ts');
    // A step about the test itself still targets the test.
    assert.equal(firstPathToken('Add a regression test in tests/test_chunks.py'), 'tests/test_chunks.py');
  });

  it('writes a bare fence to the path the answer names above it, before the description\'s', () => {
    const answer = 'Here is the fix.\n\n`pkg/chunks.py`:\n```python\ndef f():\n    return 1\n```\n';
    const r = parseOverwriteCandidate(answer, 'Fix chunks.py and src/other.py');
    assert.deepEqual(r, { ok: true, source: 'fallback', files: [{ path: 'pkg/chunks.py', content: 'def f():\n    return 1' }] });
    const prose = parseOverwriteCandidate('The corrected version:\n```python\nx = 1\n```', 'Fix chunks.py; tests/test_chunks.py fails');
    assert.deepEqual(prose.ok && prose.files.map((f) => f.path), ['chunks.py']);
  });

  it('refuses when nothing can be written', () => {
    assert.equal(parseOverwriteCandidate('just prose', 'Fix src/a.js').ok, false);
    assert.equal(parseOverwriteCandidate('```js\nx\n```', 'Fix the bug').ok, false);
    assert.equal(parseOverwriteCandidate('```js\nx', 'Fix src/a.js').ok, false);
  });

  it('parses fences with tildes and longer backtick fences', () => {
    const r = parseFencedBlocks('~~~python\na\n~~~\n````md\n```inner```\n````');
    assert.ok(r.ok);
    assert.deepEqual(r.blocks, [
      { lang: 'python', content: 'a' },
      { lang: 'md', content: '```inner```' },
    ]);
  });
});

describe('workspace/unifiedDiff', () => {
  const diff = '--- a/src/x.js\n+++ b/src/x.js\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n';

  it('finds a diff in a ```diff fence, another fence, or raw text', () => {
    assert.equal(extractUnifiedDiff('Patch:\n```diff\n' + diff + '```\nDone.'), diff.trimEnd());
    assert.equal(extractUnifiedDiff('```\n' + diff + '```'), diff.trimEnd());
    assert.equal(extractUnifiedDiff('Here:\n' + diff), diff);
    assert.equal(extractUnifiedDiff('no diff here'), undefined);
  });

  it('repairs wrong hunk counts, missing numbers and blank context lines', () => {
    const bad = '--- a/x\n+++ b/x\n@@ -1,2 +1,9 @@\n a\n\n-b\n+B\n\nThanks!';
    assert.equal(normalizeUnifiedDiff(bad), '--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n \n-b\n+B\n');
    assert.equal(normalizeUnifiedDiff('--- a/x\n+++ b/x\n@@ ... @@\n-b\n+B\n'), '--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-b\n+B\n');
  });

  it('splits per file, strips a/ b/ and tells create/delete/modify apart', () => {
    const text = [
      'diff --git a/one.js b/one.js',
      '--- a/one.js',
      '+++ b/one.js',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      '--- /dev/null',
      '+++ b/new/two.js',
      '@@ -0,0 +1,1 @@',
      '+hello',
      '--- a/old.js',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
    ].join('\n');
    const r = parsePatchCandidate(text, '');
    assert.ok(r.ok, !r.ok ? r.reason : '');
    assert.deepEqual(r.patches.map((p) => [p.path, p.op]), [['one.js', 'modify'], ['new/two.js', 'create'], ['old.js', 'delete']]);
  });

  it('targets the description path for a hunk-only diff, and refuses renames', () => {
    const r = parsePatchCandidate('```diff\n@@ -1 +1 @@\n-x\n+y\n```', 'Fix lib/q.py');
    assert.ok(r.ok);
    assert.equal(r.patches[0].path, 'lib/q.py');
    assert.equal(parsePatchCandidate('--- a/a.js\n+++ b/b.js\n@@ -1 +1 @@\n-x\n+y\n', '').ok, false);
    assert.equal(parsePatchCandidate('nothing', '').ok, false);
  });
});
