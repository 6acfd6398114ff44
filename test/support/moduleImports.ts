// Reading a source tree's imports without compiling it, for the tests that guard its shape
// (engine purity, a store without import cycles, the extension's one door).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Every .ts file under `dir`, at any depth. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier a TypeScript source names: import/export ... from, import 'x', import('x'), require('x'), import x = require('x'). */
export function moduleSpecifiers(source: string): string[] {
  return imports(source).map((i) => i.spec);
}

/** The specifiers a source needs at run time: as moduleSpecifiers, less `import type`, `export type` and `import { type A, type B }`. */
export function valueModuleSpecifiers(source: string): string[] {
  return imports(source).filter((i) => !i.typeOnly).map((i) => i.spec);
}

/** A clause the compiler erases: `type X`, `type { A }`, or braces naming types only. */
function typeOnlyClause(clause: string): boolean {
  const c = clause.trim();
  if (/^type\s/.test(c)) return true;
  const named = /^\{([^}]*)\}$/.exec(c);
  if (!named) return false;
  const names = named[1].split(',').map((n) => n.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => /^type\s/.test(n));
}

function imports(source: string): { spec: string; typeOnly: boolean }[] {
  // Drop comments so an example in a comment does not count (strings are kept).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: { spec: string; typeOnly: boolean }[] = [];
  // A clause never holds a semicolon, so one statement's `export` cannot reach another's `from`.
  for (const m of code.matchAll(/\b(?:import|export)\s+([^;]*?)\sfrom\s*['"]([^'"]+)['"]/g)) found.push({ spec: m[2], typeOnly: typeOnlyClause(m[1]) });
  const runtime = [/\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of runtime) for (const m of code.matchAll(re)) found.push({ spec: m[1], typeOnly: false });
  return found;
}
