// Test fixtures shared by unit and end-to-end tests. makeJsFixtureRepo() builds a tiny
// JavaScript project in a temporary, committed git repository whose `node --test` suite fails
// because of a one-character bug, so a `code` run has something real to fix and verify.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface JsFixtureRepo {
  /** Real path of the repository root. */
  path: string;
  /** Removes the repository. */
  cleanup(): void;
  /** Repo-relative path of the buggy file. */
  buggyFile: string;
  /** Current (buggy) content of buggyFile. */
  buggyContent: string;
  /** A correct src/math.js: the tests pass with it. */
  fixedContent: string;
  /** A plausible but wrong src/math.js: it parses, and the tests still fail. */
  wrongContent: string;
  /** The verifier command that passes once the bug is fixed. */
  testCommand: string;
}

/** src/math.js of the JS fixture: `add` subtracts. */
export const BUGGY = `'use strict';

// Adds two numbers.
function add(a, b) {
  return a - b;
}

// Multiplies two numbers.
function multiply(a, b) {
  return a * b;
}

module.exports = { add, multiply };
`;

const FIXED = BUGGY.replace('return a - b;', 'return a + b;');
const WRONG = BUGGY.replace('return a - b;', 'return a * b;');

const TEST = `'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { add, multiply } = require('../src/math.js');

test('add', () => {
  assert.equal(add(2, 3), 5);
  assert.equal(add(-1, 1), 0);
});

test('multiply', () => {
  assert.equal(multiply(4, 5), 20);
});
`;

const PACKAGE_JSON = JSON.stringify(
  { name: 'mf-fixture', version: '1.0.0', private: true, type: 'commonjs', scripts: { test: 'node --test' } },
  null,
  2,
) + '\n';

/** Runs git with a fixed identity, so the fixture works on a machine with no git config. */
export function gitIn(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** An empty temporary directory (real path) and its cleanup. */
export function makeTempDir(prefix = 'mf-test-'): { path: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (repo-relative path → content) under `root`, creating directories. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A temporary git repository holding `files`, all committed (clean). */
export function makeGitRepo(files: Record<string, string>, prefix = 'mf-repo-'): { path: string; cleanup(): void } {
  const dir = makeTempDir(prefix);
  gitIn(dir.path, ['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  writeFiles(dir.path, files);
  gitIn(dir.path, ['add', '-A']);
  gitIn(dir.path, ['commit', '--quiet', '-m', 'fixture']);
  return dir;
}

export function makeJsFixtureRepo(): JsFixtureRepo {
  const repo = makeGitRepo({ 'package.json': PACKAGE_JSON, 'src/math.js': BUGGY, 'test/math.test.js': TEST, '.gitignore': 'node_modules/\n' }, 'mf-js-fixture-');
  return {
    path: repo.path,
    cleanup: repo.cleanup,
    buggyFile: 'src/math.js',
    buggyContent: BUGGY,
    fixedContent: FIXED,
    wrongContent: WRONG,
    testCommand: 'node --test',
  };
}
