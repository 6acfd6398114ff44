// Pure: which repository files a source file imports, for ranking the repository map (a file
// the task names pulls in what it imports and what imports it). Read with patterns, not a
// parser: an import line is regular enough, and a miss only lowers a file's rank.
import * as path from 'node:path';

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const JS_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;
const PY_FROM = /^\s*from\s+(\.*)([\w.]*)\s+import\s+([\w\s,()*]+)/gm;
const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm;
const RUST_MOD = /^\s*(?:pub\s+)?mod\s+(\w+)\s*;/gm;

/** The repo files `rel` imports that exist in `files`. */
export function importsOf(rel: string, content: string, files: ReadonlySet<string>): string[] {
  const ext = path.posix.extname(rel).toLowerCase();
  const found = new Set<string>();
  const add = (p: string | undefined) => {
    if (p && p !== rel) found.add(p);
  };
  if (JS_EXTENSIONS.includes(ext)) {
    for (const m of content.matchAll(JS_IMPORT)) if (m[1].startsWith('.')) add(resolveJs(rel, m[1], files));
  } else if (ext === '.py') {
    for (const [, dots, mod, names] of content.matchAll(PY_FROM)) {
      // `from . import x` imports x, not the package's __init__.py.
      if (mod) add(resolvePyModule(rel, dots, mod, files));
      // `from pkg import mod`: the names may be submodules.
      for (const name of names.replace(/[()]/g, '').split(',').map((n) => n.trim().split(/\s+/)[0])) {
        if (name && name !== '*') add(resolvePyModule(rel, dots, mod ? `${mod}.${name}` : name, files));
      }
    }
    for (const m of content.matchAll(PY_IMPORT)) for (const mod of m[1].split(',')) add(resolvePyModule(rel, '', mod.trim(), files));
  } else if (ext === '.rs') {
    const dir = path.posix.dirname(rel);
    for (const m of content.matchAll(RUST_MOD)) add(first(files, [join(dir, `${m[1]}.rs`), join(dir, `${m[1]}/mod.rs`)]));
  }
  return [...found];
}

function resolveJs(rel: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = join(path.posix.dirname(rel), spec);
  // TypeScript's ESM style imports `./x.js` for `./x.ts`.
  const stem = base.replace(/\.(m|c)?js$/, '');
  return first(files, [base, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${base}/index${e}`)]);
}

/** `dots` leading dots (relative import) and a dotted module name → a repo file, trying a `src/` layout too. */
function resolvePyModule(rel: string, dots: string, mod: string, files: ReadonlySet<string>): string | undefined {
  const parts = mod ? mod.split('.') : [];
  let bases: string[];
  if (dots) {
    let dir = path.posix.dirname(rel);
    for (let i = 1; i < dots.length; i++) dir = path.posix.dirname(dir);
    bases = [join(dir, parts.join('/'))];
  } else {
    if (parts.length === 0) return undefined;
    const p = parts.join('/');
    bases = [p, `src/${p}`, join(path.posix.dirname(rel), p)];
  }
  return first(files, bases.flatMap((b) => [`${b}.py`, `${b}/__init__.py`]));
}

function join(dir: string, p: string): string {
  const j = path.posix.normalize(path.posix.join(dir, p));
  return j.replace(/^\.\//, '').replace(/\/$/, '');
}

function first(files: ReadonlySet<string>, candidates: string[]): string | undefined {
  return candidates.find((c) => files.has(c) && !c.startsWith('..'));
}
