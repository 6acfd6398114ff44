import assert from 'node:assert/strict';
import { createTreeSitterChecker, locateTreeSitterWasm } from '../../../src/workspace/treeSitter';
import { languageForPath, normalizeLanguage } from '../../../src/engine/languages';

const SAMPLES: Record<string, { valid: string; invalid: string }> = {
  python: { valid: 'def f(x):\n    return x + 1\n', invalid: 'def f(x)\n    return (x + 1\n' },
  rust: { valid: 'fn main() {\n    let x: i32 = 1;\n    println!("{}", x);\n}\n', invalid: 'fn main() {\n    let x = ;\n' },
  javascript: { valid: 'const f = (a) => a * 2;\nclass A { m() { return <div/>; } }\n', invalid: 'function f( {\n  return 1;\n}\n' },
  typescript: { valid: 'interface P { x: number }\nexport function f(p: P): number { return p.x; }\n', invalid: 'function f(p: P: number {\n  return p.x;\n}\n' },
  tsx: { valid: 'export const C = (p: { n: string }) => <b>{p.n}</b>;\n', invalid: 'export const C = (p: { n: string }) => <b>{p.n}</i;\n' },
  java: { valid: 'class A {\n  int f(int x) { return x + 1; }\n}\n', invalid: 'class A {\n  int f(int x) { return x + 1 }\n' },
  go: { valid: 'package main\n\nfunc main() {\n\tx := 1\n\t_ = x\n}\n', invalid: 'package main\n\nfunc main( {\n\tx := \n}\n' },
};

describe('workspace/treeSitter', function () {
  this.timeout(60000);
  const checker = createTreeSitterChecker();
  after(() => checker.dispose());

  it('finds the wasm files in node_modules when not bundled', () => {
    const p = locateTreeSitterWasm();
    assert.match(p.runtimeWasm, /web-tree-sitter[\\/]tree-sitter\.wasm$/);
    assert.match(p.grammarDir, /@vscode[\\/]tree-sitter-wasm[\\/]wasm$/);
  });

  it('lists the required languages and more', () => {
    const langs = checker.languages();
    for (const l of ['python', 'rust', 'javascript', 'typescript', 'tsx', 'java', 'go', 'bash', 'csharp', 'cpp', 'ruby']) assert.ok(langs.includes(l), l);
  });

  for (const [lang, s] of Object.entries(SAMPLES)) {
    it(`${lang}: valid code passes, invalid code is described with line:col`, async () => {
      assert.equal(await checker.check(lang, s.valid), null);
      const err = await checker.check(lang, s.invalid);
      assert.ok(err, `expected a syntax error for ${lang}`);
      assert.match(err, new RegExp(`^${lang} syntax errors?: \\d+:\\d+ (missing|cannot parse|unexpected)`));
      assert.ok(err.length < 300);
    });
  }

  it('accepts aliases and throws on an unknown language', async () => {
    assert.equal(await checker.check('py', 'x = 1\n'), null);
    assert.equal(await checker.check('golang', 'package p\n'), null);
    await assert.rejects(checker.check('cobol', 'x'), /no tree-sitter grammar for language 'cobol'/);
  });

  it('reports a missing token precisely', async () => {
    const err = await checker.check('python', 'x = (1 + 2\n');
    assert.ok(err);
    assert.match(err, /1:\d+/);
  });
});

describe('engine/languages', () => {
  it('maps names and extensions', () => {
    assert.equal(normalizeLanguage('C#'), 'csharp');
    assert.equal(normalizeLanguage('JSX'), 'javascript');
    assert.equal(normalizeLanguage('markdown'), undefined);
    assert.equal(languageForPath('src/lib.rs'), 'rust');
    assert.equal(languageForPath('x/y.mjs'), 'javascript');
    assert.equal(languageForPath('Makefile'), undefined);
  });
});
