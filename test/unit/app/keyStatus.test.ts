// Where a provider's key comes from, for the Set API Key list (src/app/keyStatus.ts): never the
// key itself, always its source.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyStatus, keyStatusLabel } from '../../../src/app/keyStatus';
import { makeTempDir } from '../../support/fixtures';

describe('key status: the source of each provider\'s key, never the key', () => {
  it('secret storage first, then the environment, then ~/.env; none; keyless local servers', async () => {
    const home = makeTempDir('mf-keys-');
    try {
      writeFileSync(join(home.path, '.env'), 'XAI_API_KEY=xai-secret-value\n');
      const env = { OPENAI_API_KEY: 'sk-env-secret' };
      const stored = (p: string) => (p === 'anthropic' ? 'sk-ant-stored' : undefined);
      const all = await Promise.all(['anthropic', 'openai', 'grok', 'gemini', 'openai-compatible'].map((p) => keyStatus(p, stored, env, home.path)));
      assert.deepEqual(all, [
        { source: 'secret-storage', variable: undefined },
        { source: 'env', variable: 'OPENAI_API_KEY' },
        { source: 'dotenv', variable: 'XAI_API_KEY' },
        { source: 'none' },
        { source: 'placeholder', variable: undefined },
      ]);
      const labels = all.map(keyStatusLabel);
      assert.deepEqual(labels, ['key stored in VS Code', 'key from $OPENAI_API_KEY', 'key from ~/.env (XAI_API_KEY)', 'no key', 'no key needed']);
      const shown = JSON.stringify([all, labels]);
      for (const key of ['sk-env-secret', 'xai-secret-value', 'sk-ant-stored']) assert.ok(!shown.includes(key), 'no key value anywhere');
    } finally {
      home.cleanup();
    }
  });
});
