import assert from 'node:assert/strict';
import { conformToOriginal, detectEol, isPureCrlf, nonTextReason } from '../../../src/workspace/text';
import { granularityViolation, linesChanged } from '../../../src/workspace/granularity';
import { normalizeCandidatePath } from '../../../src/workspace/paths';

describe('workspace/text', () => {
  it('detects the majority line ending', () => {
    assert.equal(detectEol('a\r\nb\r\nc\n'), 'crlf');
    assert.equal(detectEol('a\nb\r\n'), 'lf');
    assert.equal(isPureCrlf('a\r\nb\r\n'), true);
    assert.equal(isPureCrlf('a\r\nb\n'), false);
  });

  it('conforms a replacement to the original: final newline, CRLF, BOM', () => {
    assert.equal(conformToOriginal('x', null), 'x\n');
    assert.equal(conformToOriginal('x', ''), 'x\n');
    assert.equal(conformToOriginal('', null), '');
    assert.equal(conformToOriginal('x\ny', 'a\r\nb\r\n'), 'x\r\ny\r\n');
    assert.equal(conformToOriginal('x\r\ny', 'a\nb\n'), 'x\ny\n');
    assert.equal(conformToOriginal('x', 'no newline'), 'x');
    assert.equal(conformToOriginal('x\n', 'no newline'), 'x\n', 'an intended final newline stays');
    assert.equal(conformToOriginal('x', '\uFEFFold\n'), '\uFEFFx\n');
    assert.equal(conformToOriginal('a\r\nb', null), 'a\r\nb\n');
  });

  it('tells text from binary and from non-UTF-8', () => {
    assert.equal(nonTextReason(Buffer.from('héllo\n')), null);
    assert.match(nonTextReason(Buffer.from([0x61, 0, 0x62])) ?? '', /NUL/);
    assert.match(nonTextReason(Buffer.from([0xe9, 0x0a])) ?? '', /UTF-8/);
  });
});

describe('workspace/granularity', () => {
  it('counts an edited line once, additions and deletions by their size', () => {
    assert.equal(linesChanged('a\nb\nc\n', 'a\nB\nc\n'), 1);
    assert.equal(linesChanged('a\n', 'a\nb\nc\nd\n'), 3);
    assert.equal(linesChanged(null, 'a\nb\n'), 2);
    assert.equal(linesChanged('a\nb\n', null), 2);
    assert.equal(linesChanged('1\n2\n3\n4\n5\n', '1\nx\n5\n'), 3);
    assert.equal(linesChanged('a\n'.repeat(1000), 'b\n'.repeat(1000), 5), Number.POSITIVE_INFINITY);
  });

  it('names the limit that is exceeded; <= 0 disables a limit', () => {
    const files = [{ path: 'a', before: 'x\n', after: 'y\n' }, { path: 'b', before: null, after: '1\n2\n3\n' }];
    assert.match(granularityViolation(files, { maxFiles: 1, maxLinesChanged: 0 }) ?? '', /max_files is 1/);
    assert.match(granularityViolation(files, { maxFiles: 0, maxLinesChanged: 3 }) ?? '', /4 lines \(a: 1, b: 3\).*max_lines_changed is 3/);
    assert.equal(granularityViolation(files, { maxFiles: 0, maxLinesChanged: 0 }), null);
  });
});

describe('workspace/paths (lexical)', () => {
  it('normalizes harmless spellings and refuses the rest', () => {
    assert.deepEqual(normalizeCandidatePath(' ./src//a.js '), { ok: true, rel: 'src/a.js' });
    assert.deepEqual(normalizeCandidatePath('src\\a.js'), { ok: true, rel: 'src/a.js' });
    for (const bad of ['', '/etc/x', '\\\\server\\x', 'C:/x', '~/x', '../x', 'a/../../x', '.git/config', 'a/.Git/x', 'dir/', 'a\nb', '.']) {
      assert.equal(normalizeCandidatePath(bad).ok, false, bad);
    }
  });
});
