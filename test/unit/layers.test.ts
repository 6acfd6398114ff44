// The house's arrows (engine <- adapters <- app <- front ends; one layer never imports its
// neighbour; the engine never touches vscode, files, processes or the network) are one ESLint
// rule, scripts/lint/layers.mjs. This runs it the way `npm test` does, over all of src/, and
// checks that it catches each kind of wrong arrow, so a rule that silently stopped matching
// would fail here too.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/cliRun';

async function problems(eslint: ESLint, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layers (import arrows)', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: REPO_ROOT });

  it('every file under src/ keeps the arrows', async () => {
    const results = await eslint.lintFiles(['src']);
    assert.ok(results.length >= 150, `linted only ${results.length} files`);
    const offences = results.flatMap((r) => r.messages.map((m) => `${path.relative(REPO_ROOT, r.filePath)}:${m.line} ${m.message}`));
    assert.deepEqual(offences, []);
  });

  const wrong: Array<[string, string, RegExp]> = [
    ['src/engine/x.ts', "import { readFileSync } from 'node:fs';", /engine must not import 'node:fs'/],
    ['src/engine/x.ts', "import * as fs from 'fs';", /engine must not import 'fs'/],
    ['src/engine/x.ts', "import type { Uri } from 'vscode';", /engine must not import vscode/],
    ['src/engine/tree/x.ts', "const cp = require('child_process');", /child_process/],
    ['src/engine/x.ts', "const h = await import('node:https');", /https/],
    ['src/engine/x.ts', "import cp = require('node:net');", /net/],
    ['src/engine/x.ts', "import OpenAI from 'openai';", /package 'openai'/],
    ['src/engine/x.ts', "import { startRun } from '../app/session';", /engine must not import app/],
    ['src/store/x.ts', "import { route } from '../llm/router';", /store must not import llm: they are one layer/],
    ['src/workspace/x.ts', "export * from '../config/load';", /workspace must not import config/],
    ['src/app/x.ts', "import { main } from '../cli/main';", /app must not import cli/],
    ['src/serve/x.ts', "import { printOutcome } from '../cli/summary';", /serve must not import cli/],
    ['src/extension/x.ts', "import { serve } from '../serve/server';", /extension must not import serve/],
    ['src/bench/x.ts', "import { replay } from '../cli/hanoiReplay';", /bench must not import cli/],
    ['src/mcp/x.ts', "import { startServer } from '../serve/server';", /mcp must not import serve: they are one layer/],
    ['src/mcp/x.ts', "import { main } from '../cli/main';", /mcp must not import cli/],
    ['src/extension/x.ts', "import { startStdioServer } from '../mcp/server';", /extension must not import mcp/],
  ];
  for (const [file, code, expected] of wrong) {
    it(`refuses ${file}: ${code}`, async () => {
      const found = await problems(eslint, file, code);
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], expected);
    });
  }

  const right: Array<[string, string]> = [
    ['src/engine/x.ts', "import { EventEmitter } from 'node:events'; import Handlebars from 'handlebars'; import { race } from './race';"],
    ['src/store/x.ts', "import type { Session } from '../engine/model'; import { readFileSync } from 'node:fs';"],
    ['src/app/x.ts', "import { openStore } from '../store'; import { loadConfig } from '../config/load';"],
    ['src/cli/x.ts', "import { startRun } from '../app/session'; import { serve } from '../serve/server';"],
    ['src/cli/x.ts', "import { startStdioServer } from '../mcp/server';"],
    ['src/mcp/x.ts', "import { Runs } from '../app/runs'; import { openStore } from '../store'; import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';"],
    ['src/bench/x.ts', "import { startRun } from '../app/session'; import { replayHanoi } from '../engine/chain/hanoiReplay';"],
    ['src/extension/x.ts', "import * as vscode from 'vscode'; import { startRun } from '../app/session';"],
  ];
  for (const [file, code] of right) {
    it(`allows ${file}: ${code}`, async () => {
      assert.deepEqual(await problems(eslint, file, code), []);
    });
  }
});
