// The syntax flag as the original tool's configs use it: `extract_xml: true` checks every
// <file> block in the language of its extension, languages without a grammar (the original's
// analysis domain says `markdown`) get a delimiter check instead of crashing, and the first
// failing block names its path. Real tree-sitter throughout.
import assert from 'node:assert/strict';
import { checkDelimiters } from '../../../src/engine/redflags/delimiters';
import { RedFlagPipeline } from '../../../src/engine/redflags/pipeline';
import { SyntaxFlagger } from '../../../src/engine/redflags/syntax';
import type { Draft } from '../../../src/engine/redflags/types';
import { createTreeSitterChecker } from '../../../src/workspace/treeSitter';

function draft(text: string): Draft {
  return { role: 'solver', text, finish: 'stop', tokensOut: 10, maxTokens: 750, stepDescription: 'step' };
}

const GOOD_RS = 'fn main() {\n    println!("hi");\n}\n';
const BAD_RS = 'fn main() {\n    let x = ;\n';
const BAD_PY = 'def f(:\n    pass\n';

describe('engine/redflags: syntax per language, extract_xml and the delimiter fallback', function () {
  this.timeout(60000);
  // Grammars load lazily, on the first check that needs one.
  const checker = createTreeSitterChecker();
  after(() => checker.dispose());

  describe('extract_xml: true', () => {
    const flag = (text: string, language = 'rust') => new SyntaxFlagger(checker, language, { extractXml: true }).check(draft(text));

    it('checks a .py block with python although the flagger says rust, naming the path', async () => {
      const hit = await flag(`<file path="src/main.rs">\n${GOOD_RS}</file>\n<file path="tools/gen.py">\n${BAD_PY}</file>\n`);
      assert.equal(hit?.flagger, 'syntax');
      assert.match(hit!.reason, /^Syntax error in tools\/gen\.py: python syntax error/);
    });

    it('the first failing block is the one reported', async () => {
      const hit = await flag(`<file path="a.rs">\n${BAD_RS}</file>\n<file path="b.py">\n${BAD_PY}</file>\n`);
      assert.match(hit!.reason, /^Syntax error in a\.rs: rust syntax error/);
    });

    it('.java, .js and .ts blocks are parsed with their own grammars', async () => {
      assert.equal(await flag('<file path="A.java">\nclass A { void f() {} }\n</file>\n<file path="b.js">\nconst b = 1;\n</file>\n<file path="c.ts">\nconst c: number = 1;\n</file>\n'), null);
      assert.match((await flag('<file path="A.java">\nclass A { void f() { }\n</file>'))!.reason, /^Syntax error in A\.java: java syntax error/);
      assert.match((await flag('<file path="c.ts">\nconst c: = 1;\n</file>'))!.reason, /^Syntax error in c\.ts: typescript syntax error/);
    });

    it('a block whose extension names no language is checked with the configured one', async () => {
      assert.match((await flag(`<file path="Makefile.inc">\n${BAD_RS}</file>`))!.reason, /^Syntax error in Makefile\.inc: rust syntax error/);
      // Without extract_xml such a block is skipped: nothing says it is rust.
      assert.equal(await new SyntaxFlagger(checker, 'rust').check(draft(`<file path="Makefile.inc">\n${BAD_RS}</file>`)), null);
    });

    it('an answer without blocks is checked whole with the configured language (fences are not looked for)', async () => {
      assert.equal(await flag(GOOD_RS), null);
      assert.match((await flag(BAD_RS))!.reason, /^Syntax error in answer: rust syntax error/);
      assert.match((await flag('Fix:\n```rust\nfn main() {}\n```\n'))!.reason, /^Syntax error in answer: rust/);
    });
  });

  it('without extract_xml a rust flagger still checks a broken .py block in python', async () => {
    const hit = await new SyntaxFlagger(checker, 'rust').check(draft(`<file path="src/lib.rs">\n${GOOD_RS}</file>\n<file path="gen.py">\n${BAD_PY}</file>\n`));
    assert.match(hit!.reason, /^Syntax error in gen\.py: python syntax error/);
  });

  describe('languages without a grammar', () => {
    it("language: markdown (the original's analysis domain) passes a report and never fails as 'no grammar'", async () => {
      const report = '## Adoption\n\nUsage grew (about 12%) in Q3 [see table].\n\n1) first point\n2) second point\n\nThe `f(` helper and\n```\nweird ( code\n```\n';
      const p = new RedFlagPipeline([new SyntaxFlagger(checker, 'markdown', { extractXml: true })]);
      assert.deepEqual(await p.run(draft(report)), []);
      const hits = await p.run(draft('## Adoption\n\nUsage grew (about 12% in Q3.\n'));
      assert.deepEqual(hits, [{ flagger: 'syntax', reason: "Syntax error in answer: markdown delimiters (no grammar, brackets checked): 3:12 '(' is never closed" }]);
    });

    it('a .md or .json block in a code answer gets the delimiter check, not the configured grammar', async () => {
      const f = new SyntaxFlagger(checker, 'rust', { extractXml: true });
      assert.equal(await f.check(draft('<file path="README.md">\n# Title (draft)\nIt\'s fine.\n</file>\n<file path="p.json">\n{"a": [1, "]"]}\n</file>')), null);
      assert.match((await f.check(draft('<file path="p.json">\n{"a": [1, 2}\n</file>')))!.reason, /^Syntax error in p\.json: json delimiters .*1:12 '}' closes '\[' opened at 1:7$/);
    });
  });

  describe('checkDelimiters', () => {
    it('requires proper nesting of () [] {} and says where it breaks', () => {
      assert.equal(checkDelimiters('a (b [c] {d}) e', 'kotlin'), null);
      assert.equal(checkDelimiters('x)', 'kotlin'), "1:2 unbalanced ')' (nothing is open)");
      assert.equal(checkDelimiters('f(a[1)]', 'kotlin'), "1:6 ')' closes '[' opened at 1:4");
      assert.equal(checkDelimiters('{\n  (\n}', 'kotlin'), "3:1 '}' closes '(' opened at 2:3");
    });

    it('code: brackets inside string literals do not count; an unclosed quote ends at the line end', () => {
      assert.equal(checkDelimiters('s = "(" + \'[\' + `{\n}` + "\\")"', 'kotlin'), null);
      assert.equal(checkDelimiters("// it's\nf(", 'kotlin'), "2:2 '(' is never closed");
    });

    it('prose: apostrophes are not quotes; code spans, fences and list markers are skipped', () => {
      assert.equal(checkDelimiters("It's (really) fine, isn't it?", 'markdown'), null);
      assert.equal(checkDelimiters('Use `a(` here.\n```\n(((\n```\na) one\niv) four', 'markdown'), null);
      assert.equal(checkDelimiters("It's (really fine", 'text'), "1:6 '(' is never closed");
    });
  });
});
