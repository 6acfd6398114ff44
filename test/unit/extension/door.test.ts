// The extension reaches the layers below (app, engine, adapters) through one door: backend.ts,
// which loads the heavy core (backendCore.ts, bundled as dist/extension-core.js) on first use.
// Any other file importing a value from there would pull that code into the activation bundle
// and sidestep the door; type imports are erased by the compiler, so they are allowed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/cliRun';
import { moduleSpecifiers, valueModuleSpecifiers, walk } from '../../support/moduleImports';

const SRC = path.join(REPO_ROOT, 'src');
const EXTENSION = path.join(SRC, 'extension');
const DOORS = new Set(['backend.ts', 'backendCore.ts'].map((f) => path.join(EXTENSION, f)));
const BEHIND_THE_DOOR = new Set(['app', 'engine', 'store', 'llm', 'workspace', 'config']);

/** The top folder under src/ a relative specifier in `file` names, or undefined for a package or a file outside src/. */
function roomOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const rel = path.relative(SRC, path.resolve(path.dirname(file), spec));
  return rel.startsWith('..') ? undefined : rel.split(path.sep)[0];
}

/** "file imports 'spec'" for each value import of `file` that lands behind the door. */
function valueImportsBehindTheDoor(file: string, source: string): string[] {
  return valueModuleSpecifiers(source)
    .filter((spec) => BEHIND_THE_DOOR.has(roomOf(file, spec) ?? ''))
    .map((spec) => `${path.relative(REPO_ROOT, file)} imports '${spec}'`);
}

describe('extension: one door to the core', () => {
  it('the scanner tells value imports from type imports (self-test)', () => {
    const source = [
      "import type { SessionStore } from '../engine/ports';",
      "import { type ChangeSet, type StepRecord } from '../engine/model';",
      "export type { RunRequest } from '../app/api';",
      "import { own, type Own } from '../engine/own';",
      "import * as cfg from '../config/load';",
      "export { PROVIDERS } from '../llm/providerInfo';",
      "import '../store/side';",
      "// import { notCode } from '../app/comment';",
      'async function f() {',
      "  const { planChangeSet } = await import('../workspace/planner');",
      "  return require('../app/session') as unknown;",
      '}',
    ].join('\n');
    assert.deepEqual(valueModuleSpecifiers(source).sort(), ['../app/session', '../config/load', '../engine/own', '../llm/providerInfo', '../store/side', '../workspace/planner']);
    assert.equal(moduleSpecifiers(source).length, 9, 'moduleSpecifiers still counts type imports too');
    const file = path.join(EXTENSION, 'x', 'y.ts');
    assert.deepEqual(valueImportsBehindTheDoor(file, "import { startRun } from '../../app/session';\nimport { Disposables } from '../disposables';"), [
      `${path.relative(REPO_ROOT, file)} imports '../../app/session'`,
    ]);
  });

  it('only backend.ts and backendCore.ts import values from app, engine, store, llm, workspace or config', () => {
    const files = walk(EXTENSION);
    assert.ok(files.length >= 30, `only ${files.length} files under ${EXTENSION}`);
    const offences = files.filter((f) => !DOORS.has(f)).flatMap((f) => valueImportsBehindTheDoor(f, readFileSync(f, 'utf8')));
    assert.deepEqual(offences, []);
  });

  it('the doors themselves do reach the core (the walk sees them)', () => {
    const reached = [...DOORS].flatMap((f) => valueImportsBehindTheDoor(f, readFileSync(f, 'utf8')));
    assert.ok(reached.some((r) => r.includes("'../app/session'")), reached.join('\n'));
    assert.ok(reached.some((r) => r.includes("'../app/candidates'")), reached.join('\n'));
  });
});
