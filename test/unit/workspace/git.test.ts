import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createWorkspace } from '../../../src/workspace/workspace';
import { isDirty } from '../../../src/workspace/git';
import { gitIn, makeGitRepo, makeJsFixtureRepo, makeTempDir } from '../../support/fixtures';
import { testDomain } from './helpers';

describe('workspace: git', () => {
  it('refuses a dirty repository unless allowDirty; ignored files do not count', async () => {
    const repo = makeGitRepo({ 'a.txt': 'a\n', '.gitignore': 'build/\n' });
    try {
      const open = (allowDirty?: boolean) => createWorkspace({ repoPath: repo.path, domain: testDomain(), canWrite: true, allowDirty });
      writeFileSync(path.join(repo.path, 'ignored.log'), 'x'); // untracked, not ignored → dirty
      await assert.rejects(open(), /uncommitted changes \(ignored\.log\).*--allow-dirty/);
      await open(true);
      // Dry-run never writes, so it does not care.
      await createWorkspace({ repoPath: repo.path, domain: testDomain(), canWrite: false });
      gitIn(repo.path, ['add', '-A']);
      gitIn(repo.path, ['commit', '-q', '-m', 'log']);
      writeFileSync(path.join(repo.path, 'a.txt'), 'changed\n');
      assert.equal(await isDirty(repo.path), true);
      gitIn(repo.path, ['checkout', '--', 'a.txt']);
      mkdirSync(path.join(repo.path, 'build'));
      writeFileSync(path.join(repo.path, 'build', 'out.js'), 'x');
      assert.equal(await isDirty(repo.path), false);
      await open();
    } finally {
      repo.cleanup();
    }
  });

  it('commit makes one commit per step with the description as message, only with the step files', async () => {
    const fx = makeJsFixtureRepo();
    try {
      const ws = await createWorkspace({ repoPath: fx.path, domain: testDomain(), canWrite: true, commit: true });
      assert.ok(ws.commit);
      const r = await ws.plan(`<file path="${fx.buggyFile}">\n${fx.fixedContent}</file>`, 'Fix add() in src/math.js');
      assert.ok(r.ok, r.ok ? '' : r.reason);
      await ws.apply(r.changeSet);
      await ws.commit('Fix add() in src/math.js');
      assert.equal(gitIn(fx.path, ['log', '-1', '--format=%s']).trim(), 'Fix add() in src/math.js');
      assert.equal(gitIn(fx.path, ['rev-list', '--count', 'HEAD']).trim(), '2');
      assert.equal(gitIn(fx.path, ['show', '--name-only', '--format=', 'HEAD']).trim(), 'src/math.js');
      assert.equal(gitIn(fx.path, ['status', '--porcelain']).trim(), '');
      await ws.commit('nothing left'); // no changes: no empty commit
      assert.equal(gitIn(fx.path, ['rev-list', '--count', 'HEAD']).trim(), '2');
    } finally {
      fx.cleanup();
    }
  });

  it('commits a created file and leaves unrelated dirty files alone (allowDirty)', async () => {
    const repo = makeGitRepo({ 'a.txt': 'a\n' });
    try {
      writeFileSync(path.join(repo.path, 'a.txt'), 'user edit\n');
      const ws = await createWorkspace({ repoPath: repo.path, domain: testDomain(), canWrite: true, allowDirty: true, commit: true });
      const r = await ws.plan('<file path="docs/new.md">\n# New\n</file>', 'Add docs/new.md');
      assert.ok(r.ok);
      await ws.apply(r.changeSet);
      await ws.commit!('Add docs/new.md', r.changeSet);
      assert.equal(gitIn(repo.path, ['show', '--name-only', '--format=%s', 'HEAD']).trim(), 'Add docs/new.md\n\ndocs/new.md');
      assert.equal(gitIn(repo.path, ['status', '--porcelain']).trim(), 'M a.txt');
    } finally {
      repo.cleanup();
    }
  });

  it('allows a non-git folder, but --commit there fails clearly and commit is absent', async () => {
    const dir = makeTempDir();
    try {
      writeFileSync(path.join(dir.path, 'x.txt'), 'x');
      const ws = await createWorkspace({ repoPath: dir.path, domain: testDomain(), canWrite: true });
      assert.equal(ws.isGit, false);
      assert.equal(ws.commit, undefined);
      await assert.rejects(createWorkspace({ repoPath: dir.path, domain: testDomain(), canWrite: true, commit: true }), /--commit needs a git repository/);
    } finally {
      dir.cleanup();
    }
  });

  it('refuses a missing repository path', async () => {
    await assert.rejects(createWorkspace({ repoPath: '/nonexistent/mf-repo', domain: testDomain(), canWrite: true }), /not a usable directory/);
  });
});
