// The engine is pure: no vscode, file system, child processes or network. Adapters in src/llm,
// src/store and src/workspace do that behind the ports. This walks every .ts file under
// src/engine and checks its static imports, re-exports, dynamic imports and requires.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/cliRun';
import { moduleSpecifiers, walk } from '../../support/moduleImports';

const FORBIDDEN = ['vscode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net'];

describe('engine purity', () => {
  const engineDir = path.join(REPO_ROOT, 'src', 'engine');
  const files = walk(engineDir);

  it('finds the engine sources', () => {
    assert.ok(files.length >= 10, `only ${files.length} files under ${engineDir}`);
    assert.ok(files.some((f) => f.endsWith(path.join('engine', 'race.ts'))));
  });

  it('the specifier scanner sees every import form (self-test)', () => {
    const sample = [
      "import * as fs from 'fs';",
      "import { readFileSync } from 'node:fs';",
      "import type { X } from 'vscode';",
      "export { y } from 'node:child_process';",
      "import 'http';",
      "const n = require('net');",
      "const h = await import('https');",
      "import cp = require('child_process');",
      "import {\n  a,\n  b,\n} from 'fs/promises';",
      "// import x from 'vscode' (a comment)",
      "/* require('fs') */",
    ].join('\n');
    assert.deepEqual(moduleSpecifiers(sample).sort(), ['child_process', 'fs', 'fs/promises', 'http', 'https', 'net', 'node:child_process', 'node:fs', 'vscode'].sort());
  });

  it('no engine file imports vscode, fs, child_process, http, https or net', () => {
    const offences: string[] = [];
    for (const f of files) {
      for (const spec of moduleSpecifiers(readFileSync(f, 'utf8'))) {
        if (FORBIDDEN.includes(spec)) offences.push(`${path.relative(REPO_ROOT, f)} imports '${spec}'`);
      }
    }
    assert.deepEqual(offences, []);
  });

  it('engine files import only relative modules and pure packages', () => {
    const allowedPackages = new Set(['handlebars', 'zod', 'yaml', 'diff', 'node:events', 'events', 'node:crypto', 'crypto', 'node:util', 'util']);
    const unexpected: string[] = [];
    for (const f of files) {
      for (const spec of moduleSpecifiers(readFileSync(f, 'utf8'))) {
        if (spec.startsWith('.')) {
          // A relative import must stay inside src/engine.
          const target = path.resolve(path.dirname(f), spec);
          if (!target.startsWith(engineDir + path.sep) && target !== engineDir) unexpected.push(`${path.relative(REPO_ROOT, f)} reaches outside the engine: '${spec}'`);
        } else if (!allowedPackages.has(spec)) {
          unexpected.push(`${path.relative(REPO_ROOT, f)} imports '${spec}'`);
        }
      }
    }
    assert.deepEqual(unexpected, []);
  });
});
