import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LlmConfigError } from '../../../src/engine/ports';
import { parseDotenv } from '../../../src/llm/dotenv';
import { forgetDotenvCache, homeDotenv, resolveApiKey } from '../../../src/llm/keys';
import { redactSecrets } from '../../../src/llm/redact';
import { emptyHome, rejectionOf } from './helpers';

function homeWithEnv(text: string): string {
  const home = emptyHome();
  fs.writeFileSync(path.join(home, '.env'), text);
  return home;
}

describe('llm dotenv parser', () => {
  it('reads plain, exported, quoted and commented entries', () => {
    const parsed = parseDotenv([
      '# a comment',
      'PLAIN=abc',
      'export EXPORTED=def',
      '  SPACED = ghi  ',
      'DOUBLE="with spaces # not a comment"',
      "SINGLE='literal \\n $x'",
      'ESCAPED="line1\\nline2 \\"q\\""',
      'TRAILING=value # comment',
      'HASH=a#b',
      'EMPTY=',
      'not a pair',
      'MULTI="first',
      'second"',
      'CRLF=yes\r',
    ].join('\n'));
    assert.deepEqual(parsed, {
      PLAIN: 'abc',
      EXPORTED: 'def',
      SPACED: 'ghi',
      DOUBLE: 'with spaces # not a comment',
      SINGLE: 'literal \\n $x',
      ESCAPED: 'line1\nline2 "q"',
      TRAILING: 'value',
      HASH: 'a#b',
      EMPTY: '',
      MULTI: 'first\nsecond',
      CRLF: 'yes',
    });
  });
});

describe('llm key resolution', () => {
  beforeEach(() => forgetDotenvCache());

  it('order: --api-key, then the key lookup, then the environment, then ~/.env', async () => {
    const homeDir = homeWithEnv('OPENAI_API_KEY=from-dotenv\n');
    const env = { OPENAI_API_KEY: 'from-env' };
    const keyLookup = async () => 'from-secret-storage';
    assert.deepEqual(await resolveApiKey('openai', { apiKey: 'from-flag', keyLookup, env, homeDir }), { key: 'from-flag', source: 'flag' });
    assert.deepEqual(await resolveApiKey('openai', { keyLookup, env, homeDir }), { key: 'from-secret-storage', source: 'secret-storage' });
    assert.deepEqual(await resolveApiKey('openai', { keyLookup: () => undefined, env, homeDir }), { key: 'from-env', source: 'env', variable: 'OPENAI_API_KEY' });
    assert.deepEqual(await resolveApiKey('openai', { env: {}, homeDir }), { key: 'from-dotenv', source: 'dotenv', variable: 'OPENAI_API_KEY' });
  });

  it('~/.env never overrides the environment and is read once per process', async () => {
    const homeDir = homeWithEnv('export ANTHROPIC_API_KEY="dotenv-key"\nXAI_API_KEY=xai-dotenv\n');
    assert.equal((await resolveApiKey('anthropic', { env: { ANTHROPIC_API_KEY: 'env-key' }, homeDir })).key, 'env-key');
    assert.equal((await resolveApiKey('grok', { env: {}, homeDir })).key, 'xai-dotenv');
    fs.writeFileSync(path.join(homeDir, '.env'), 'XAI_API_KEY=changed\n');
    assert.equal((await resolveApiKey('grok', { env: {}, homeDir })).key, 'xai-dotenv');
    assert.equal(homeDotenv(homeDir).XAI_API_KEY, 'xai-dotenv');
  });

  it('gemini accepts GEMINI_API_KEY, then GOOGLE_API_KEY', async () => {
    const homeDir = emptyHome();
    assert.equal((await resolveApiKey('gemini', { env: { GOOGLE_API_KEY: 'g', GEMINI_API_KEY: 'gem' }, homeDir })).key, 'gem');
    assert.deepEqual(await resolveApiKey('gemini', { env: { GOOGLE_API_KEY: 'g' }, homeDir }), { key: 'g', source: 'env', variable: 'GOOGLE_API_KEY' });
  });

  it('empty values count as unset', async () => {
    const homeDir = homeWithEnv('OPENAI_API_KEY=dot\n');
    assert.equal((await resolveApiKey('openai', { apiKey: '  ', env: { OPENAI_API_KEY: '' }, homeDir })).key, 'dot');
  });

  it('a missing key names the variable to set', async () => {
    const err = await rejectionOf(resolveApiKey('anthropic', { env: {}, homeDir: emptyHome() }));
    assert.ok(err instanceof LlmConfigError);
    assert.equal(err.message, 'Missing API key for anthropic: set ANTHROPIC_API_KEY (environment or ~/.env) or pass --api-key');
    for (const [p, v] of [['openai', 'OPENAI_API_KEY'], ['gemini', 'GEMINI_API_KEY'], ['grok', 'XAI_API_KEY']]) {
      assert.match((await rejectionOf(resolveApiKey(p, { env: {}, homeDir: emptyHome() }))).message, new RegExp(`set ${v} `));
    }
  });

  it('openai-compatible runs without a key, and never borrows OPENAI_API_KEY', async () => {
    const res = await resolveApiKey('openai-compatible', { env: { OPENAI_API_KEY: 'sk-real-openai' }, homeDir: emptyHome() });
    assert.deepEqual(res, { key: 'not-needed', source: 'placeholder' });
    assert.equal((await resolveApiKey('openai-compatible', { env: { OPENAI_COMPATIBLE_API_KEY: 'local' }, homeDir: emptyHome() })).key, 'local');
  });
});

describe('llm secret redaction', () => {
  it('removes known keys and key-shaped tokens', () => {
    const text = 'bad key my-custom-secret-1 / sk-proj-abcdefgh12345 / AIzaSyA1234567890abcdefghijk / xai-abcdefghijk / Bearer abc.def-ghi_123 / x-api-key: zzzzzzzz';
    const out = redactSecrets(text, ['my-custom-secret-1']);
    for (const secret of ['my-custom-secret-1', 'sk-proj-abcdefgh12345', 'AIzaSyA1234567890abcdefghijk', 'xai-abcdefghijk', 'abc.def-ghi_123', 'zzzzzzzz']) {
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    }
    assert.match(out, /Bearer \[redacted\]/);
  });
});
