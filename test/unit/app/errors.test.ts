// isUserError (app/errors.ts) draws the one line between the user's mistakes (CLI exit 2, serve
// 400) and ours (exit 1, 500), on errors thrown by the real parts that raise them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUserError } from '../../../src/app/errors';
import { UsageError } from '../../../src/app/options';
import { startRun } from '../../../src/app/session';
import { loadConfig } from '../../../src/config/load';
import { openStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

describe('app: isUserError', () => {
  let tmp: { path: string; cleanup(): void };
  before(() => (tmp = makeTempDir('mf-usererr-')));
  after(() => tmp.cleanup());

  it('a bad config.yaml is the user\'s', () => {
    const file = join(tmp.path, 'config.yaml');
    writeFileSync(file, 'domains: [unclosed\n');
    const e = thrown(() => loadConfig(file));
    assert.ok(isUserError(e), String(e));
  });

  it('a bad option and a provider that cannot be configured are the user\'s', async () => {
    const store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    try {
      const deps = { store, resourceRoot: REPO_ROOT };
      const badK = await startRun({ prompt: 'p', domain: 'hanoi', k: 0 }, deps).catch((e: unknown) => e);
      assert.ok(badK instanceof UsageError && isUserError(badK), String(badK));
      // openai-compatible without a base URL: LlmConfigError from the key/URL resolution.
      const noUrl = await startRun({ prompt: 'p', domain: 'hanoi', provider: 'openai-compatible' }, deps).catch((e: unknown) => e);
      assert.equal((noUrl as Error).name, 'LlmConfigError');
      assert.ok(isUserError(noUrl));
    } finally {
      await store.close();
    }
  });

  it('anything else is ours', () => {
    assert.equal(isUserError(new Error('disk full')), false);
    assert.equal(isUserError(thrown(() => (null as unknown as { x: number }).x)), false);
    assert.equal(isUserError('a string'), false);
    assert.equal(isUserError(undefined), false);
    // The name alone does not make an error the user's: only the classes the app throws do.
    assert.equal(isUserError(Object.assign(new Error('x'), { name: 'UsageError' })), false);
  });
});
