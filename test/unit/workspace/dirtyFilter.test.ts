// Copy to Workspace writes an untracked config.yaml and templates/*.hbs: the next code run must
// not be refused over them (src/workspace/git.ts isOwnConfigEntry, one filter). Anything else
// still makes the repository dirty, and "Stash and Run" puts it aside so the run can start.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { blockingDirtyEntries, isOwnConfigEntry, stashAll } from '../../../src/workspace/git';
import { createWorkspace, DirtyWorkspaceError } from '../../../src/workspace/workspace';
import { gitIn, makeGitRepo } from '../../support/fixtures';
import { testDomain } from './helpers';

describe('workspace: the dirty check ignores the project\'s own config files', () => {
  it('the filter: untracked config.yaml and templates/*.hbs at the run folder only', () => {
    assert.equal(isOwnConfigEntry('?? config.yaml', ''), true);
    assert.equal(isOwnConfigEntry('?? templates/code_solver.hbs', ''), true);
    assert.equal(isOwnConfigEntry('?? sub/config.yaml', 'sub/'), true);
    assert.equal(isOwnConfigEntry('?? sub/templates/a.hbs', 'sub/'), true);
    assert.equal(isOwnConfigEntry(' M config.yaml', ''), false, 'a tracked config that changed is a change');
    assert.equal(isOwnConfigEntry('?? other/config.yaml', ''), false, 'not at the run folder');
    assert.equal(isOwnConfigEntry('?? config.yaml', 'sub/'), false, 'above the run folder');
    assert.equal(isOwnConfigEntry('?? templates/page.html', ''), false, 'a project\'s own templates are work');
    assert.equal(isOwnConfigEntry('?? templates/deep/a.hbs', ''), false);
    assert.equal(isOwnConfigEntry('?? src/app.ts', ''), false);
  });

  it('a real repository: the copied config does not block a run, another file does, and a stash clears it', async () => {
    const repo = makeGitRepo({ 'a.txt': 'a\n' });
    try {
      const open = () => createWorkspace({ repoPath: repo.path, domain: testDomain(), canWrite: true });
      writeFileSync(path.join(repo.path, 'config.yaml'), 'domains: {}\n');
      mkdirSync(path.join(repo.path, 'templates'));
      for (const t of ['code_solver.hbs', 'code_decomposition.hbs']) writeFileSync(path.join(repo.path, 'templates', t), '{{task}}\n');
      assert.deepEqual(await blockingDirtyEntries(repo.path), []);
      await open();
      writeFileSync(path.join(repo.path, 'a.txt'), 'mine\n');
      await assert.rejects(open(), (e: unknown) => e instanceof DirtyWorkspaceError && e.name === 'DirtyWorkspaceError' && e.paths.join() === 'a.txt' && /--allow-dirty/.test(e.message));
      await stashAll(repo.path, 'microfactory: test');
      await open();
      assert.match(gitIn(repo.path, ['stash', 'list']), /microfactory: test/);
      assert.equal(existsSync(path.join(repo.path, 'config.yaml')), false, 'the stash takes untracked files too (git stash pop brings them back)');
    } finally {
      repo.cleanup();
    }
  });
});
