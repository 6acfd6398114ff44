import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createWorkspace } from '../../../src/workspace/workspace';
import type { DomainConfig } from '../../../src/engine/config';
import { makeGitRepo, makeTempDir } from '../../support/fixtures';
import { snapshot, testDomain } from './helpers';

describe('workspace: safety refusals write nothing', () => {
  let repo: { path: string; cleanup(): void };
  let outside: { path: string; cleanup(): void };
  const etcX = '/etc/x';
  let etcXBefore: string | null;
  beforeEach(() => {
    repo = makeGitRepo({ 'src/a.js': 'a\n', 'bin.dat': 'ab\0cd', 'latin1.txt': '' });
    writeFileSync(path.join(repo.path, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
    outside = makeTempDir('mf-outside-');
    writeFileSync(path.join(outside.path, 'secret.txt'), 'secret\n');
    symlinkSync(outside.path, path.join(repo.path, 'linkdir')); // a dir symlink leading out
    symlinkSync(path.join(outside.path, 'secret.txt'), path.join(repo.path, 'src', 'link.txt')); // a file symlink leading out
    etcXBefore = existsSync(etcX) ? readFileSync(etcX, 'base64') : null;
  });
  afterEach(() => {
    repo.cleanup();
    outside.cleanup();
  });

  const open = (over: Partial<DomainConfig> = {}) => createWorkspace({ repoPath: repo.path, domain: testDomain(over), canWrite: true, allowDirty: true });

  async function expectRefused(over: Partial<DomainConfig>, candidate: string, pattern: RegExp, desc = 'step'): Promise<void> {
    const ws = await open(over);
    const inside = snapshot(repo.path, true);
    const out = snapshot(outside.path);
    // `../x` beside the repo (in the temp dir, where anything may already be called x): unchanged.
    const sibling = path.join(path.dirname(repo.path), 'x');
    const siblingBefore = existsSync(sibling);
    const r = await ws.plan(candidate, desc);
    assert.equal(r.ok, false, `expected a refusal for: ${candidate}`);
    assert.match(!r.ok ? r.reason : '', pattern);
    assert.deepEqual(snapshot(repo.path, true), inside, 'nothing written in the repo (.git included)');
    assert.deepEqual(snapshot(outside.path), out, 'nothing written outside');
    assert.equal(existsSync(sibling), siblingBefore, `${sibling} created`);
    assert.equal(existsSync(etcX) ? readFileSync(etcX, 'base64') : null, etcXBefore, '/etc/x untouched');
  }

  const file = (p: string, body = 'pwned') => `<file path="${p}">\n${body}\n</file>`;
  const diffTo = (p: string) => `--- /dev/null\n+++ b/${p}\n@@ -0,0 +1,1 @@\n+pwned\n`;

  it('refuses ../x (also disguised) in both appliers', async () => {
    await expectRefused({}, file('../x'), /'\.\.'/);
    await expectRefused({}, file('src/../../x'), /'\.\.'/);
    await expectRefused({}, file('src\\..\\..\\x'), /'\.\.'/);
    await expectRefused({ applier: 'patch_file' }, diffTo('../x'), /'\.\.'/);
  });

  it('refuses /etc/x and other absolute paths', async () => {
    await expectRefused({}, file('/etc/x'), /absolute path/);
    await expectRefused({}, file('C:\\x'), /absolute path/);
    await expectRefused({}, file('~/x'), /home-relative/);
    await expectRefused({ applier: 'patch_file' }, '--- /dev/null\n+++ /etc/x\n@@ -0,0 +1,1 @@\n+pwned\n', /absolute path/);
  });

  it('refuses anything under .git/', async () => {
    await expectRefused({}, file('.git/config', '[core]\n\tfsmonitor = evil'), /\.git/);
    await expectRefused({}, file('.git/hooks/pre-commit'), /\.git/);
    await expectRefused({}, file('sub/.GIT/x'), /\.git/);
    await expectRefused({ applier: 'patch_file' }, '--- a/.git/config\n+++ b/.git/config\n@@ -1 +1 @@\n-[core]\n+[x]\n', /\.git/);
  });

  it('refuses writing through a symlink that leads outside (dir component or the file itself)', async () => {
    await expectRefused({}, file('linkdir/evil.txt'), /symlink leads outside/);
    await expectRefused({}, file('linkdir/secret.txt'), /symlink leads outside/);
    await expectRefused({}, file('src/link.txt'), /symlink leads outside/);
    await expectRefused({ applier: 'patch_file' }, diffTo('linkdir/new.txt'), /symlink leads outside/);
    assert.equal(readFileSync(path.join(outside.path, 'secret.txt'), 'utf8'), 'secret\n');
  });

  it('re-checks paths at apply time: a symlink swapped in after planning is refused', async () => {
    const ws = await open();
    const r = await ws.plan(file('later/f.txt', 'x'), 'step');
    assert.ok(r.ok);
    symlinkSync(outside.path, path.join(repo.path, 'later'));
    const out = snapshot(outside.path);
    const sibling = path.join(path.dirname(repo.path), 'x');
    const siblingBefore = existsSync(sibling);
    await assert.rejects(ws.apply(r.changeSet), /symlink leads outside/);
    assert.deepEqual(snapshot(outside.path), out);
    // A stored change set edited to escape is refused as well.
    await assert.rejects(ws.apply({ applier: 'overwrite_file', applied: false, files: [{ path: '../x', before: null, after: 'x' }] }), /'\.\.'/);
    assert.equal(existsSync(sibling), siblingBefore, `${sibling} created`);
  });

  it('refuses a symlink into .git and a dangling symlink', async () => {
    symlinkSync(path.join(repo.path, '.git'), path.join(repo.path, 'gitlink'));
    symlinkSync(path.join(outside.path, 'nope.txt'), path.join(repo.path, 'dangling.txt'));
    await expectRefused({}, file('gitlink/config'), /\.git/);
    await expectRefused({}, file('dangling.txt'), /dangling symlink/);
  });

  it('follows a symlink that stays inside the repository, editing its target', async () => {
    mkdirSync(path.join(repo.path, 'real'));
    writeFileSync(path.join(repo.path, 'real', 't.txt'), 'old\n');
    symlinkSync(path.join(repo.path, 'real'), path.join(repo.path, 'alias'));
    const ws = await open();
    const r = await ws.plan(file('alias/t.txt', 'new'), 'step');
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.changeSet.files[0].path, 'real/t.txt', 'the change set names the real file');
    await ws.apply(r.changeSet);
    assert.equal(readFileSync(path.join(repo.path, 'real', 't.txt'), 'utf8'), 'new\n');
    assert.equal(snapshot(repo.path).get('alias'), 'link', 'the symlink itself is kept');
  });

  it('refuses binary and non-UTF-8 targets, and binary content', async () => {
    await expectRefused({}, file('bin.dat', 'text'), /binary/);
    await expectRefused({}, file('latin1.txt', 'cafe'), /UTF-8/);
    await expectRefused({}, file('src/new.txt', 'a\0b'), /binary content/);
  });

  it('refuses a directory target and a path through a file', async () => {
    await expectRefused({}, file('src'), /directory/);
    await expectRefused({}, file('src/a.js/x.js'), /is a file/);
  });

  it('enforces step_granularity max_files and max_lines_changed', async () => {
    await expectRefused({ stepGranularity: { maxFiles: 1, maxLinesChanged: 100 } }, file('src/a.js', 'b') + file('src/b.js', 'c'), /max_files is 1/);
    const many = Array.from({ length: 6 }, (_, i) => `line${i}`).join('\n');
    await expectRefused({ stepGranularity: { maxFiles: 5, maxLinesChanged: 5 } }, file('src/a.js', many), /6 lines.*max_lines_changed is 5/);
    // Editing one line costs one line, so a one-line fix fits a limit of 1.
    const ws = await open({ stepGranularity: { maxFiles: 1, maxLinesChanged: 1 } });
    const r = await ws.plan(file('src/a.js', 'b'), 'step');
    assert.ok(r.ok, r.ok ? '' : r.reason);
  });
});
