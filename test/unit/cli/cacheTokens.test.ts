// Cached input tokens from the provider to the screen: a real CLI run over HTTP against a local
// server that emulates OpenAI's prompt cache stores the cached count with each sample, sums it
// per step and per session, prices it at the cached rate, and shows it in the run's summary and
// in `status` (text and --json), read back by another process from the store.
import assert from 'node:assert/strict';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('cli: prompt-cache tokens in the totals', function () {
  this.timeout(120_000);
  let home: TmpDir;
  let server: LlmServer;

  before(() => ensureCliBuilt());
  beforeEach(async () => {
    home = makeTmpDir('mf-cache-');
    // The Hanoi prompt is ~300 words: a lower minimum than the real 1024 lets it be cached.
    server = await startHanoiServer({ promptCache: { minTokens: 100 } });
  });
  afterEach(async () => {
    await server.close();
    home.cleanup();
  });

  it('stores, sums, prices and shows the cached input tokens', async () => {
    const run = await runCli(['run', '--domain', 'hanoi', '--disks', '3', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--llm-model', 'gpt-4.1-mini'], { home: home.path });
    assert.equal(run.code, 0, run.stderr);
    const answered = server.requests.filter((r) => r.answered === 200);
    const cached = answered.reduce((n, r) => n + (r.tokensCached ?? 0), 0);
    const input = answered.reduce((n, r) => n + (r.tokensIn ?? 0), 0);
    const output = answered.reduce((n, r) => n + (r.tokensOut ?? 0), 0);
    assert.ok(cached > 0 && cached < input, `cached ${cached} of ${input}`);
    assert.match(run.stdout, new RegExp(`tokens: ${input} in \\(${cached} cached\\) / ${output} out`));

    const list = await runCli(['status', '--json'], { home: home.path });
    assert.equal(list.code, 0, list.stderr);
    const s = JSON.parse(list.stdout).sessions[0];
    assert.deepEqual([s.tokens_in, s.tokens_cached, s.tokens_cache_write, s.tokens_out], [input, cached, 0, output]);
    // gpt-4.1-mini: $0.40 per million input, $0.10 cached, $1.60 output.
    const usd = ((input - cached) * 0.4 + cached * 0.1 + output * 1.6) / 1e6;
    assert.ok(Math.abs(s.cost_usd - usd) < 2e-6, `${s.cost_usd} != ${usd}`);

    const detail = JSON.parse((await runCli(['status', '--session-id', s.session_id, '--json'], { home: home.path })).stdout);
    assert.equal(detail.steps.reduce((n: number, st: { tokens_cached: number }) => n + st.tokens_cached, 0), cached, 'the steps sum to the session');
    const text = await runCli(['status', '--session-id', s.session_id], { home: home.path });
    assert.match(text.stdout, new RegExp(`tokens: ${input} in \\(${cached} cached\\) / ${output} out`));
  });
});
