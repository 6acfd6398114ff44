// The facade's pre-flight (app/preflight.ts, app/bounds.ts): what the extension and `serve` send
// through startRun/resumeRun is checked before a session row exists, with the same UsageError
// the CLI turns into exit 2 (serve into 400). Real sql.js store, real config.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDeps, RunRequest } from '../../../src/app/api';
import { UsageError } from '../../../src/app/options';
import { providersOf } from '../../../src/app/preflight';
import { resumeRun, startRun } from '../../../src/app/session';
import { getDomain, loadConfig } from '../../../src/config/load';
import { LlmConfigError } from '../../../src/engine/ports';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTempDir } from '../../support/fixtures';

describe('app: pre-flight before a session exists', function () {
  this.timeout(30_000);
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  let deps: AppDeps;

  before(async () => {
    tmp = makeTempDir('mf-preflight-');
    store = await openStore(join(tmp.path, 'sessions.sqlite3'));
    deps = { store, resourceRoot: REPO_ROOT };
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  const refused: [string, Partial<RunRequest>, RegExp][] = [
    ['an unknown provider', { provider: 'nope' }, /--llm-provider: unknown provider 'nope'; known: openai, .*simulated/],
    ['openai-compatible without a base URL', { provider: 'openai-compatible' }, /needs a base URL: pass --base-url/],
    ['a base URL that is not a URL', { provider: 'openai-compatible', baseUrl: 'not a url' }, /--base-url must be an http:\/\/ or https:\/\/ URL .*got 'not a url'/],
    ['scripted without a script', { provider: 'scripted' }, /scripted provider needs --script/],
    ['a repository path that does not exist', { repoPath: join(REPO_ROOT, 'no-such-folder') }, /--repo-path '.*no-such-folder': no such directory/],
    ['a repository path that is a file', { repoPath: join(REPO_ROOT, 'package.json') }, /--repo-path '.*package\.json' is a file, not a directory/],
    ['the simulated model on a tree domain', { domain: 'code', prompt: 'fix the bug' }, /simulated model \(the default provider\) only answers Towers of Hanoi chain steps, not domain 'code'/],
    ['k past its bound (from a serve body or settings)', { k: 1e9 }, /--k must be an integer \(at least 1, at most 1000\), got '1000000000'/],
    ['a timeout no timer can hold', { timeoutMs: 2 ** 40 }, /--timeout-ms must be an integer .*at most 86400000/],
    ['a latency past an hour', { latencyMs: 1e12 }, /--latency-ms must be a number/],
    ['a negative pause threshold', { thresholds: { redFlags: -1 } }, /--human-red-flag-threshold must be an integer \(at least 0/],
  ];
  for (const [what, over, message] of refused) {
    it(`refuses ${what}, and stores nothing`, async () => {
      const req: RunRequest = { prompt: 'p', domain: 'hanoi', disks: 3, ...over };
      // Both are the caller's to fix: exit 2 in the CLI, 400 in serve.
      await assert.rejects(startRun(req, deps), (e: unknown) => (e instanceof UsageError || e instanceof LlmConfigError) && message.test(e.message));
      assert.deepEqual(store.listSessions(), [], 'no session was created');
    });
  }

  it('resume checks the same, and leaves the session as it was', async () => {
    const first = await startRun({ prompt: 'p', domain: 'hanoi', disks: 2 }, deps);
    assert.equal((await first.done).status, 'completed');
    const before = store.getSession(first.sessionId)!;
    await assert.rejects(resumeRun(first.sessionId, { provider: 'nope' }, deps), (e: unknown) => e instanceof UsageError && /unknown provider 'nope'/.test(e.message));
    await assert.rejects(resumeRun(first.sessionId, { k: 0 }, deps), (e: unknown) => e instanceof UsageError && /--k must be an integer/.test(e.message));
    assert.deepEqual(store.getSession(first.sessionId), before);
    assert.equal(store.listSessions().length, 1);
  });

  it('a provider an agent or a critique flagger names in the config is checked too', async () => {
    const config = join(tmp.path, 'config.yaml');
    writeFileSync(config, [
      'domains:', '  hanoi:', '    chain: { task: hanoi }', '    red_flaggers:', '      - { type: llm_critique, model: m, provider: critic, prompt_template: "judge {{response}}\\n" }',
      '    agents:', '      solver:', '        model: m', '        prompt_template: "t\\n"', '',
    ].join('\n'));
    const domain = getDomain(loadConfig(config), 'hanoi');
    assert.deepEqual(providersOf(domain, 'simulated').sort(), ['critic', 'simulated']);
    await assert.rejects(startRun({ prompt: 'p', domain: 'hanoi', disks: 2, configPath: config }, deps), (e: unknown) => e instanceof UsageError && /domain 'hanoi' in the config: unknown provider 'critic'/.test(e.message));
    assert.equal(store.listSessions().length, 1, 'only the session of the resume test');
  });
});
