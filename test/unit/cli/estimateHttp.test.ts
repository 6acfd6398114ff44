// `microfactory estimate` with a real provider: the CLI process, the official openai SDK
// (openai-compatible) over HTTP to a local server that answers Hanoi steps with a known error
// rate, through an injected rate limit. What a user runs before choosing a model.
import assert from 'node:assert/strict';
import { ensureCliBuilt, runCli } from '../../support/cliRun';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';
import { makeTmpDir } from '../../support/tmpDir';

const KEY = 'sk-mf-estimate-SECRET-abcdef0123456789';

describe('cli: estimate over HTTP (openai-compatible)', function () {
  this.timeout(120_000);
  let server: LlmServer;

  before(() => ensureCliBuilt());
  afterEach(async () => server?.close());

  it('measures the server\'s error rate, counts its tokens, rides out a 429, and never shows the key', async () => {
    server = await startHanoiServer({ errorRate: 0.1, seed: 5 });
    server.injectFaults({ type: 'rate_limit', retryAfterMs: 50 });
    const home = makeTmpDir('mf-estimate-http-');
    try {
      const r = await runCli(
        [
          'estimate', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--llm-model', 'local-hanoi', '--api-key', KEY,
          '--steps', '400', '--disks-min', '4', '--disks-max', '7', '--max-concurrent-llm', '1', '--json',
        ],
        { home: home.path, env: { OPENAI_API_KEY: '' } },
      );
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, any>;
      assert.equal(out.provider, 'openai-compatible');
      assert.equal(out.model, 'local-hanoi');
      assert.equal(out.samples, 400);
      assert.ok(out.error_rate.low <= 0.1 && 0.1 <= out.error_rate.high, `0.1 outside ${JSON.stringify(out.error_rate)}`);
      assert.ok(out.errors > 0, 'the server does make mistakes');
      assert.ok(out.tokens_in > 50 && out.tokens_out > 5, 'token counts come from the server\'s usage');
      assert.equal(out.cost_per_sample_usd, null, 'no list price for a local model');
      assert.equal(out.task.steps, 2 ** 20 - 1);
      assert.ok(Number.isInteger(out.task.k_min) && out.task.k_min >= 3, `k_min ${String(out.task.k_min)} for a 10 % error rate over 1M steps`);
      // One request per sample, plus the one answered with 429 and retried.
      assert.equal(server.pendingFaults(), 0);
      assert.equal(server.total, 401);
      assert.ok(server.requests.every((q) => String(q.headers.authorization) === `Bearer ${KEY}`));
      assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY), 'the key is never printed');
    } finally {
      home.cleanup();
    }
  });
});
