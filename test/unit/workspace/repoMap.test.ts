// The repository map: which files it lists (git's ignore rules, no lockfiles or binaries),
// the symbols tree-sitter finds (JS, TS, Python), the ranking (named first, then imports,
// importers and users of named symbols) and the token budget. Real repositories, real grammars.
import assert from 'node:assert/strict';
import { listRepoFiles } from '../../../src/workspace/repoFiles';
import { RepoMap } from '../../../src/workspace/repoMap';
import { mentionedFiles, rankEntries, renderMap, CHARS_PER_TOKEN, type MapEntry } from '../../../src/workspace/repoRank';
import { importsOf } from '../../../src/workspace/repoImports';
import { topLevelSymbols } from '../../../src/workspace/symbols';
import { createTreeSitterChecker, type TreeSitterChecker } from '../../../src/workspace/treeSitter';
import { makeGitRepo, makeTempDir, writeFiles } from '../../support/fixtures';

describe('workspace: repository map', function () {
  this.timeout(30_000);
  let checker: TreeSitterChecker;
  before(() => (checker = createTreeSitterChecker()));
  after(() => checker.dispose());

  describe('symbols', () => {
    it('JavaScript: functions, classes with their methods, exported consts; requires are not symbols', async () => {
      const code = "'use strict';\nconst fs = require('fs');\nfunction add(a, b) {\n  return a + b;\n}\nclass Cart {\n  constructor() {}\n  total(tax) {\n    return 1;\n  }\n}\nexport const LIMIT = 3;\n";
      const s = await topLevelSymbols(checker, 'javascript', code);
      assert.deepEqual(s.map((x) => [x.depth, x.name, x.line]), [
        [0, 'add', 'function add(a, b)'], [0, 'Cart', 'class Cart'], [1, 'constructor', 'constructor()'], [1, 'total', 'total(tax)'], [0, 'LIMIT', 'export const LIMIT = 3;'],
      ]);
    });

    it('TypeScript: interfaces, type aliases, enums, exported functions', async () => {
      const code = 'import { x } from "./x";\nexport interface Item { price: number }\nexport type Id = string;\nenum Color { Red }\nexport async function load(id: Id): Promise<Item> {\n  return x(id);\n}\n';
      const s = await topLevelSymbols(checker, 'typescript', code);
      assert.deepEqual(s.map((x) => x.name), ['Item', 'Id', 'Color', 'load']);
      assert.equal(s[3].line, 'export async function load(id: Id): Promise<Item>');
    });

    it('Python: module constants, functions, decorated classes and their methods', async () => {
      const code = 'import os\nRATE = 0.2\n\ndef total(items, rate=RATE):\n    return 1\n\n@dataclass\nclass Cart:\n    def add(self, item):\n        pass\n';
      const s = await topLevelSymbols(checker, 'python', code);
      assert.deepEqual(s.map((x) => [x.depth, x.line]), [[0, 'RATE = 0.2'], [0, 'def total(items, rate=RATE):'], [0, 'class Cart:'], [1, 'def add(self, item):']]);
    });
  });

  describe('files', () => {
    it('lists what git tracks or would track: .gitignore applies, lockfiles and binaries are left out', async () => {
      const repo = makeGitRepo({
        '.gitignore': 'build/\n*.log\n', 'src/a.js': 'x', 'build/out.js': 'x', 'debug.log': 'x', 'package-lock.json': '{}', 'yarn.lock': '',
        'poetry.lock': '', 'img/logo.png': 'PNG', 'README.md': '# r',
      });
      try {
        writeFiles(repo.path, { 'src/new.js': 'untracked but not ignored', 'more.log': 'ignored' });
        assert.deepEqual(await listRepoFiles(repo.path, true), ['.gitignore', 'README.md', 'src/a.js', 'src/new.js']);
      } finally {
        repo.cleanup();
      }
    });

    it('outside git: skips dependency and build folders and the plain patterns of a root .gitignore', async () => {
      const dir = makeTempDir('mf-map-plain-');
      try {
        writeFiles(dir.path, { '.gitignore': 'secret.txt\n*.tmp\n/gen\n', 'a.py': 'x', 'secret.txt': 'x', 'x.tmp': 'x', 'gen/g.py': 'x', 'node_modules/m/i.js': 'x', '.venv/lib.py': 'x', 'Cargo.lock': '', 'pkg/b.py': 'x' });
        assert.deepEqual(await listRepoFiles(dir.path, false), ['.gitignore', 'a.py', 'pkg/b.py']);
      } finally {
        dir.cleanup();
      }
    });
  });

  describe('ranking', () => {
    const files = new Set(['src/cart.js', 'src/tax.js', 'src/util/index.js', 'test/cart.test.js', 'pkg/__init__.py', 'pkg/rates.py', 'pkg/shop.py', 'tests/test_shop.py']);

    it('imports: relative JS (with extension or index), Python absolute, relative and from-package', () => {
      assert.deepEqual(importsOf('src/cart.js', "const tax = require('./tax');\nimport u from './util';\nimport x from 'lodash';", files).sort(), ['src/tax.js', 'src/util/index.js']);
      assert.deepEqual(importsOf('test/cart.test.js', "import { total } from '../src/cart.js';", files), ['src/cart.js']);
      assert.deepEqual(importsOf('tests/test_shop.py', 'from pkg.shop import total\nimport os', files), ['pkg/shop.py']);
      assert.deepEqual(importsOf('pkg/shop.py', 'from .rates import RATE\nfrom . import rates', files), ['pkg/rates.py'], 'from . import x: x, not the package __init__');
    });

    const entry = (path: string, names: string[], imports: string[] = [], content?: string): MapEntry => ({
      path, symbols: names.map((name) => ({ name, line: `function ${name}()`, depth: 0 as const })), imports, content,
    });
    const entries = [
      entry('README.md', []),
      entry('src/cart.js', ['total'], ['src/tax.js']),
      entry('src/tax.js', ['taxRate']),
      entry('src/report.js', ['report'], [], 'const { total } = load(); total([]);'),
      entry('src/zeta.js', ['unrelated']),
      entry('test/cart.test.js', [], ['src/cart.js']),
    ];

    it('a named file first, then what it imports, what imports it and what uses its symbols, then the rest by depth', () => {
      const ranked = rankEntries(entries, 'Fix the rounding in src/cart.js');
      assert.deepEqual(ranked.map((r) => [r.entry.path, r.why]), [
        ['src/cart.js', 'named'], ['src/tax.js', 'imported by a named file'], ['test/cart.test.js', 'imports a named file'],
        ['src/report.js', "uses a named file's symbols"], ['README.md', ''], ['src/zeta.js', ''],
      ]);
    });

    it('a symbol the task names points at the file that defines it; failing output names files by path:line or absolute path', () => {
      assert.equal(rankEntries(entries, 'taxRate returns the wrong value')[0].entry.path, 'src/tax.js');
      const out = 'not ok 1\n  at Object.<anonymous> (/home/u/repo/test/cart.test.js:7:10)\nFile "src/tax.js", line 3';
      assert.deepEqual([...mentionedFiles(out, entries.map((e) => e.path))].sort(), ['src/tax.js', 'test/cart.test.js']);
      assert.deepEqual([...mentionedFiles('see cart.js and tax.jsx', ['src/cart.js', 'lib/cart.js', 'src/tax.js'])], [], 'an ambiguous or partial name names nothing');
      assert.deepEqual([...mentionedFiles('edit tax.js.', ['src/tax.js'])], ['src/tax.js'], 'a unique file name does');
    });

    it('trims to the token budget: whole entries while they fit, then bare paths, then a count; 0 is no map', () => {
      const ranked = rankEntries(entries, 'src/cart.js');
      const full = renderMap(ranked, 10_000);
      assert.equal(full.split('\n')[0], 'src/cart.js');
      assert.ok(!full.includes('not shown'));
      const small = renderMap(ranked, 20);
      assert.ok(small.length <= 20 * CHARS_PER_TOKEN, small);
      assert.match(small, /^src\/cart\.js\n  function total\(\)\n/);
      assert.match(small, /… \d more files not shown$/);
      assert.equal(renderMap(ranked, 0), '');
    });
  });

  it('RepoMap over a real repository: ranked by the query, re-read after a change', async () => {
    const repo = makeGitRepo({
      'calc/__init__.py': '', 'calc/ops.py': 'def divide(a, b):\n    return a // b\n', 'calc/fmt.py': 'from calc.ops import divide\n\ndef show(a, b):\n    return str(divide(a, b))\n',
      'tests/test_ops.py': 'from calc.ops import divide\n\ndef test_divide():\n    assert divide(1, 2) == 0.5\n', 'poetry.lock': '',
    });
    try {
      const map = new RepoMap(repo.path, true, checker);
      const text = await map.render('FAILED tests/test_ops.py::test_divide - assert 0 == 0.5', 1000);
      assert.deepEqual(text.split('\n').filter((l) => !l.startsWith(' ')).slice(0, 2), ['tests/test_ops.py', 'calc/ops.py']);
      assert.match(text, /calc\/ops\.py\n  def divide\(a, b\):/);
      assert.ok(!text.includes('poetry.lock'));
      assert.deepEqual(await map.mentionedWithImports('tests/test_ops.py:4: AssertionError'), ['tests/test_ops.py', 'calc/ops.py']);
      writeFiles(repo.path, { 'calc/ops.py': 'def divide(a, b):\n    return a / b\n\ndef multiply(a, b):\n    return a * b\n' });
      assert.ok(!(await map.render('calc/ops.py', 1000)).includes('multiply'), 'cached until told');
      map.invalidate(['calc/ops.py']);
      assert.match(await map.render('calc/ops.py', 1000), /def multiply\(a, b\):/);
    } finally {
      repo.cleanup();
    }
  });
});
