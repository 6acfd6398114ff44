// Reading a source tree's imports without compiling it, for the tests that guard its shape
// (engine purity, a store without import cycles).
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
  // Drop comments so an example in a comment does not count (strings are kept).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[\s\S]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1]);
  return specs;
}
