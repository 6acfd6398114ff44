// src/store stays walkable: its files import one another one way, and so do its subfolders, so a
// reader can start at the bottom and never meet a file that needs one above it. The rest of the
// code enters through src/store/index.ts alone. The import lines are parsed, not compiled.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/cliRun';
import { moduleSpecifiers, walk } from '../../support/moduleImports';

const STORE = path.join(REPO_ROOT, 'src', 'store');
const DOOR = path.join(STORE, 'index.ts');

/** The .ts file a relative specifier names, if it exists. */
function resolveTs(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f));
}

/** file -> the files under src/store it imports (type-only imports count: they are arrows for a reader too). */
function storeGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of walk(STORE)) {
    const deps = moduleSpecifiers(readFileSync(f, 'utf8'))
      .map((s) => resolveTs(f, s))
      .filter((t): t is string => !!t && t.startsWith(STORE + path.sep));
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** A cycle in a directed graph as the path that closes it (first node repeated at the end), or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const cycle = visit(m);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of graph.keys()) {
    const cycle = visit(n);
    if (cycle) return cycle;
  }
  return undefined;
}

const rel = (f: string): string => path.relative(STORE, f) || '.';

describe('store: a tree you can walk', () => {
  const graph = storeGraph();

  it('finds the store sources and their imports', () => {
    assert.ok(graph.size >= 20, `only ${graph.size} files under ${STORE}`);
    assert.ok((graph.get(DOOR) ?? []).length >= 5, 'index.ts re-exports the public API');
  });

  it('findCycle reports a cycle and passes a graph without one (self-test)', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    assert.deepEqual(findCycle(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })), ['a', 'b', 'c', 'a']);
    assert.deepEqual(findCycle(g({ a: ['a'] })), ['a', 'a']);
    assert.equal(findCycle(g({ a: ['b', 'c'], b: ['c'], c: [], d: ['a', 'c'] })), undefined);
  });

  it('no file under src/store imports itself back, directly or through others', () => {
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.map(rel).join(' -> ')}`);
  });

  it('the subfolders of src/store import one another one way', () => {
    const folders = new Map<string, Set<string>>();
    for (const [f, deps] of graph) {
      const from = rel(path.dirname(f));
      const to = folders.get(from) ?? new Set<string>();
      for (const d of deps) if (rel(path.dirname(d)) !== from) to.add(rel(path.dirname(d)));
      folders.set(from, to);
    }
    assert.ok(folders.size >= 3, `expected subfolders, found ${[...folders.keys()].join(', ')}`);
    const cycle = findCycle(new Map([...folders].map(([k, v]) => [k, [...v]])));
    assert.equal(cycle, undefined, `folder cycle: ${cycle?.join(' -> ')}`);
  });

  it('every file and folder under src/store is named in camelCase', () => {
    const bad = [...graph.keys()].map(rel).filter((r) => !r.split(path.sep).every((part) => /^[a-z][a-zA-Z0-9]*(\.ts)?$/.test(part)));
    assert.deepEqual(bad, []);
  });

  it('code outside src/store reaches the store only through src/store/index.ts', () => {
    // The store's own unit tests (test/unit/store) may test its inner files directly.
    const own = path.join(REPO_ROOT, 'test', 'unit', 'store') + path.sep;
    const outside = [...walk(path.join(REPO_ROOT, 'src')).filter((f) => !f.startsWith(STORE + path.sep)), ...walk(path.join(REPO_ROOT, 'test')).filter((f) => !f.startsWith(own))];
    const deep: string[] = [];
    for (const f of outside) {
      for (const spec of moduleSpecifiers(readFileSync(f, 'utf8'))) {
        const t = resolveTs(f, spec);
        if (t && t.startsWith(STORE + path.sep) && t !== DOOR) deep.push(`${path.relative(REPO_ROOT, f)} imports '${spec}'`);
      }
    }
    assert.deepEqual(deep, []);
  });
});
