import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createWorkspace } from '../../../src/workspace/workspace';
import type { RepoWorkspace } from '../../../src/workspace/workspace';
import { WorkspaceConflictError } from '../../../src/workspace/apply';
import type { ChangeSet } from '../../../src/engine/model';
import type { DomainConfig } from '../../../src/engine/config';
import { makeTempDir, writeFiles } from '../../support/fixtures';
import { snapshot, testDomain } from './helpers';

async function planOk(ws: RepoWorkspace, text: string, desc = 'step'): Promise<ChangeSet> {
  const r = await ws.plan(text, desc);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.changeSet;
}

describe('workspace: plan and apply', () => {
  let dir: { path: string; cleanup(): void };
  const open = (over: Partial<DomainConfig> = {}, canWrite = true) => createWorkspace({ repoPath: dir.path, domain: testDomain(over), canWrite });
  beforeEach(() => {
    dir = makeTempDir();
    writeFiles(dir.path, { 'src/a.js': 'const a = 1;\n', 'src/b.js': 'const b = 2;\n', 'README.md': '# R\n' });
  });
  afterEach(() => dir.cleanup());

  it('plans several files without writing, then applies them', async () => {
    const ws = await open();
    const before = snapshot(dir.path);
    const cs = await planOk(ws, '<file path="src/a.js">\nconst a = 10;\n</file>\n<file path="lib/new/c.js">\nconst c = 3;\n</file>');
    assert.deepEqual(snapshot(dir.path), before, 'plan wrote nothing');
    assert.equal(cs.applied, false);
    assert.deepEqual(cs.files.map((f) => [f.path, f.before, f.after]), [
      ['src/a.js', 'const a = 1;\n', 'const a = 10;\n'],
      ['lib/new/c.js', null, 'const c = 3;\n'],
    ]);
    await ws.apply(cs);
    assert.equal(cs.applied, true);
    assert.equal(readFileSync(path.join(dir.path, 'src/a.js'), 'utf8'), 'const a = 10;\n');
    assert.equal(readFileSync(path.join(dir.path, 'lib/new/c.js'), 'utf8'), 'const c = 3;\n');
    await ws.apply(cs); // idempotent: already applied, nothing to do, no error
  });

  it('drops unchanged files from the change set', async () => {
    const ws = await open();
    const cs = await planOk(ws, '<file path="src/a.js">\nconst a = 1;\n</file><file path="src/b.js">\nconst b = 3;\n</file>');
    assert.deepEqual(cs.files.map((f) => f.path), ['src/b.js']);
  });

  it('rolls back byte for byte, removing created files and their new directories', async () => {
    writeFileSync(path.join(dir.path, 'src/a.js'), 'x\r\ny  \r\n\tz'); // odd bytes on purpose
    const ws = await open();
    const before = snapshot(dir.path);
    const cs = await planOk(ws, '<file path="src/a.js">\nchanged\n</file><file path="deep/er/new.txt">\nnew\n</file>');
    await ws.apply(cs);
    assert.notDeepEqual(snapshot(dir.path), before);
    await ws.rollback(cs);
    assert.deepEqual(snapshot(dir.path), before);
    assert.equal(existsSync(path.join(dir.path, 'deep')), false);
    assert.equal(cs.rolledBack, true);
    await ws.rollback(cs); // idempotent
    assert.deepEqual(snapshot(dir.path), before);
  });

  it('recovers after a "crash" between apply and verify, from either state', async () => {
    const ws = await open();
    const before = snapshot(dir.path);
    const cs = await planOk(ws, '<file path="src/a.js">\nA\n</file><file path="src/b.js">\nB\n</file>');
    const stored: ChangeSet = JSON.parse(JSON.stringify(cs)); // what the store kept before apply
    // Half applied: only the first file was renamed into place when the process died.
    writeFileSync(path.join(dir.path, 'src/a.js'), 'A\n');
    writeFileSync(path.join(dir.path, 'src/.b.js.mf-999-dead.tmp'), 'B\n'); // a torn temp file
    const reopened = await open();
    assert.equal(await reopened.inspect(stored), 'partial');
    await reopened.recoverChangeSet(stored);
    assert.deepEqual(snapshot(dir.path), before);
    // Applying again after a crash is just as safe.
    await reopened.apply(stored);
    await reopened.apply(stored);
    assert.equal(await reopened.inspect(stored), 'after');
  });

  it('refuses to apply over a file edited since planning, writing nothing', async () => {
    const ws = await open();
    const cs = await planOk(ws, '<file path="src/a.js">\nA\n</file><file path="src/b.js">\nB\n</file>');
    writeFileSync(path.join(dir.path, 'src/b.js'), 'human edit\n');
    const before = snapshot(dir.path);
    await assert.rejects(ws.apply(cs), WorkspaceConflictError);
    assert.deepEqual(snapshot(dir.path), before);
  });

  it('keeps CRLF line endings, a missing final newline, and the executable bit', async () => {
    writeFiles(dir.path, { 'win.txt': 'one\r\ntwo\r\n', 'nofinal.txt': 'a\nb', 'run.sh': '#!/bin/sh\necho hi\n' });
    chmodSync(path.join(dir.path, 'run.sh'), 0o755);
    const ws = await open();
    const cs = await planOk(
      ws,
      '<file path="win.txt">\none\nTWO\nthree\n</file><file path="nofinal.txt">\na\nB\n</file><file path="run.sh">\n#!/bin/sh\necho bye\n</file>',
    );
    await ws.apply(cs);
    assert.equal(readFileSync(path.join(dir.path, 'win.txt'), 'utf8'), 'one\r\nTWO\r\nthree\r\n');
    assert.equal(readFileSync(path.join(dir.path, 'nofinal.txt'), 'utf8'), 'a\nB');
    assert.equal(readFileSync(path.join(dir.path, 'run.sh'), 'utf8'), '#!/bin/sh\necho bye\n');
    assert.equal(statSync(path.join(dir.path, 'run.sh')).mode & 0o777, 0o755);
    await ws.rollback(cs);
    assert.equal(readFileSync(path.join(dir.path, 'win.txt'), 'utf8'), 'one\r\ntwo\r\n');
    assert.equal(statSync(path.join(dir.path, 'run.sh')).mode & 0o777, 0o755);
  });

  it('uses the description fallback when the candidate has only a fence', async () => {
    const ws = await open();
    const cs = await planOk(ws, 'Sure:\n```js\nconst b = 20;\n```', 'Change b in src/b.js');
    assert.deepEqual(cs.files.map((f) => [f.path, f.after]), [['src/b.js', 'const b = 20;\n']]);
  });

  it('canWrite=false plans but never writes (apply/rollback are no-ops, verify returns undefined)', async () => {
    const ws = await createWorkspace({ repoPath: dir.path, domain: testDomain({ verifier: { command: 'touch ran.txt', timeoutMs: 5000 } }), canWrite: false });
    assert.equal(ws.canWrite, false);
    const before = snapshot(dir.path);
    const cs = await planOk(ws, '<file path="src/a.js">\nA\n</file><file path="n.js">\nN\n</file>');
    assert.equal(cs.files.length, 2);
    await ws.apply(cs);
    assert.equal(cs.applied, false);
    await ws.rollback(cs);
    assert.equal(await ws.verify(1), undefined);
    assert.equal(ws.commit, undefined);
    assert.deepEqual(snapshot(dir.path), before);
  });
});

describe('workspace: patch_file applier', () => {
  let dir: { path: string; cleanup(): void };
  const source = ['function f(x) {', '  const y = x * 2;', '  return y;', '}', '', 'module.exports = f;', ''].join('\n');
  beforeEach(() => {
    dir = makeTempDir();
    writeFiles(dir.path, { 'src/f.js': source, 'win.js': source.replace(/\n/g, '\r\n') });
  });
  afterEach(() => dir.cleanup());
  const open = () => createWorkspace({ repoPath: dir.path, domain: testDomain({ applier: 'patch_file' }), canWrite: true });

  it('applies a diff with wrong line numbers and a miscounted header', async () => {
    const ws = await open();
    const cand = 'Patch:\n```diff\n--- a/src/f.js\n+++ b/src/f.js\n@@ -10,3 +10,9 @@\n function f(x) {\n-  const y = x * 2;\n+  const y = x * 3;\n   return y;\n```';
    const cs = await planOk(ws, cand);
    await ws.apply(cs);
    assert.equal(readFileSync(path.join(dir.path, 'src/f.js'), 'utf8'), source.replace('x * 2', 'x * 3'));
  });

  it('keeps a CRLF file CRLF when the diff is LF', async () => {
    const ws = await open();
    const cs = await planOk(ws, '--- a/win.js\n+++ b/win.js\n@@ -1,3 +1,4 @@\n function f(x) {\n+  // doubled\n   const y = x * 2;\n   return y;\n');
    await ws.apply(cs);
    const text = readFileSync(path.join(dir.path, 'win.js'), 'utf8');
    assert.ok(text.includes('{\r\n  // doubled\r\n  const'));
    assert.equal(/[^\r]\n/.test(text), false);
  });

  it('refuses a hunk that does not apply, naming it, and writes nothing', async () => {
    const ws = await open();
    const before = snapshot(dir.path);
    const r = await ws.plan('```diff\n--- a/src/f.js\n+++ b/src/f.js\n@@ -1,3 +1,3 @@\n function g(z) {\n-  const q = z / 7;\n+  const q = z;\n   return q;\n```', 'step');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /does not apply to 'src\/f\.js'.*hunk/);
    assert.deepEqual(snapshot(dir.path), before);
  });

  it('creates and deletes files from /dev/null diffs, and rolls both back', async () => {
    const ws = await open();
    const before = snapshot(dir.path);
    const cs = await planOk(ws, '--- /dev/null\n+++ b/docs/new.md\n@@ -0,0 +1,2 @@\n+# New\n+text\n--- a/win.js\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-function f(x) {\n');
    assert.deepEqual(cs.files.map((f) => [f.path, f.before === null, f.after === null]), [['docs/new.md', true, false], ['win.js', false, true]]);
    await ws.apply(cs);
    assert.equal(readFileSync(path.join(dir.path, 'docs/new.md'), 'utf8'), '# New\ntext\n');
    assert.equal(existsSync(path.join(dir.path, 'win.js')), false);
    await ws.rollback(cs);
    assert.deepEqual(snapshot(dir.path), before);
  });
});
