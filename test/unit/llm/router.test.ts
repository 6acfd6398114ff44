import assert from 'node:assert/strict';
import { LlmConfigError, LlmPauseError, type LlmClient, type LlmRequest } from '../../../src/engine/ports';
import type { UsageEvent } from '../../../src/llm/accounting';
import { probe } from '../../../src/llm/probe';
import { createLlmRouter, type LlmCall } from '../../../src/llm/router';
import { LlmServer } from '../../support/llmServer';
import { ScaledClock, emptyHome, rejectionOf, request } from './helpers';

describe('llm router', () => {
  let server: LlmServer;

  before(async () => {
    server = await LlmServer.start();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const baseUrls = () => ({ openai: server.baseUrl('openai'), anthropic: server.baseUrl('anthropic'), gemini: server.baseUrl('gemini'), 'openai-compatible': server.baseUrl('openai') });

  it('dispatches by provider and prices each response', async () => {
    const events: UsageEvent[] = [];
    const router = createLlmRouter({
      apiKeys: { openai: 'sk-router-openai-123', anthropic: 'sk-ant-router-123', gemini: 'g-router-123456' },
      baseUrls: baseUrls(), env: {}, homeDir: emptyHome(), onUsage: (e) => events.push(e),
    });
    const a = await router.complete(request('openai', { model: 'gpt-4.1-mini' }));
    const b = await router.complete(request('anthropic', { model: 'claude-haiku-4-5', role: 'solution_discriminator' }));
    const c = await router.complete(request('gemini', { model: 'gemini-2.5-flash' }));
    assert.deepEqual(server.requests.map((r) => r.provider), ['openai', 'anthropic', 'gemini']);
    assert.ok(Math.abs((a.costUsd ?? -1) - (a.usage.input * 0.4 + a.usage.output * 1.6) / 1e6) < 1e-12);
    assert.ok((b.costUsd ?? 0) > 0 && (c.costUsd ?? 0) > 0);
    assert.deepEqual(events.map((e) => [e.provider, e.role, e.priced]), [['openai', 'solver', true], ['anthropic', 'solution_discriminator', true], ['gemini', 'solver', true]]);
    const totals = router.totals();
    assert.equal(totals.calls, 3);
    assert.ok(Math.abs(totals.costUsd - ((a.costUsd ?? 0) + (b.costUsd ?? 0) + (c.costUsd ?? 0))) < 1e-12);
  });

  it('an unpriced model costs 0 and is reported as unpriced', async () => {
    const router = createLlmRouter({ baseUrls: baseUrls(), env: {}, homeDir: emptyHome() });
    const res = await router.complete(request('openai-compatible', { model: 'llama3.2' }));
    assert.equal(res.costUsd, 0);
    assert.deepEqual(router.totals().unpricedModels, ['llama3.2']);
  });

  it('an unknown provider is a config error listing the known ones, registered clients included', async () => {
    const router = createLlmRouter({ env: {}, homeDir: emptyHome() });
    router.register('simulated', { complete: async () => ({ text: '', usage: { input: 0, output: 0 }, finish: 'stop', latencyMs: 0 }) });
    const err = await rejectionOf(router.complete(request('openia')));
    assert.ok(err instanceof LlmConfigError);
    assert.match(err.message, /Unknown LLM provider "openia": known providers are openai, anthropic, gemini, grok, openai-compatible, simulated/);
  });

  it('a missing key fails the call with the variable to set, and a later fix is picked up', async () => {
    const env: Record<string, string> = {};
    const router = createLlmRouter({ baseUrls: baseUrls(), env, homeDir: emptyHome() });
    const err = await rejectionOf(router.complete(request('anthropic')));
    assert.ok(err instanceof LlmConfigError);
    assert.match(err.message, /set ANTHROPIC_API_KEY/);
    env.ANTHROPIC_API_KEY = 'sk-ant-fixed-123456';
    assert.equal((await router.complete(request('anthropic'))).finish, 'stop');
  });

  it('registered clients run behind the same limiter and accounting, and keep their own cost', async () => {
    const seen: LlmRequest[] = [];
    const simulated: LlmClient = {
      complete: async (req) => {
        seen.push(req);
        return { text: 'move 1', usage: { input: 3, output: 2 }, finish: 'stop', latencyMs: 1, costUsd: 0.5 };
      },
    };
    const router = createLlmRouter({ clients: { simulated }, budgetUsd: 10, env: {}, homeDir: emptyHome() });
    const res = await router.complete(request('simulated', { model: 'hanoi' }));
    assert.equal(res.text, 'move 1');
    assert.equal(res.costUsd, 0.5);
    assert.equal(seen.length, 1);
    assert.equal(router.budget?.spentUsd, 0.5);
    assert.equal(server.requests.length, 0);
  });

  it('a registered client that hangs is cut off by the per-call timeout', async () => {
    const hang: LlmClient = { complete: () => new Promise(() => undefined) };
    const router = createLlmRouter({ clock: new ScaledClock(0.01), retry: { timeoutMs: 5_000, maxAttempts: 2, baseDelayMs: 10 }, env: {}, homeDir: emptyHome() });
    router.register('stuck', hang);
    const err = await rejectionOf(router.complete(request('stuck')));
    assert.equal(err.name, 'LlmUnavailableError');
    assert.match(err.message, /no answer within 5 s/);
  });

  it('onCall sees every call once it ends: the answer, or the error with the key already redacted', async () => {
    const key = 'custom-secret-key-material-43';
    const calls: LlmCall[] = [];
    const router = createLlmRouter({ apiKeys: { 'openai-compatible': key }, baseUrls: baseUrls(), env: {}, homeDir: emptyHome(), onCall: (c) => calls.push(c) });
    router.register('simulated', { complete: async () => ({ text: 'move 1', usage: { input: 3, output: 2 }, finish: 'stop', latencyMs: 1, costUsd: 0 }) });
    await router.complete(request('simulated'));
    server.injectFaults({ type: 'unauthorized' });
    await rejectionOf(router.complete(request('openai-compatible')));
    assert.equal(calls.length, 2);
    assert.equal(calls[0].request.provider, 'simulated');
    assert.equal(calls[0].response?.text, 'move 1');
    assert.equal(calls[0].error, undefined);
    assert.equal(calls[1].response, undefined);
    assert.match(calls[1].error!, /rejected the API key/);
    assert.ok(!calls[1].error!.includes(key));
  });

  it('a throwing onCall listener never fails the call it reports', async () => {
    const router = createLlmRouter({ env: {}, homeDir: emptyHome(), onCall: () => { throw new Error('listener broke'); } });
    router.register('simulated', { complete: async () => ({ text: 'ok', usage: { input: 1, output: 1 }, finish: 'stop', latencyMs: 0 }) });
    assert.equal((await router.complete(request('simulated'))).text, 'ok');
  });

  it('keys never appear in thrown messages, whatever the server echoes', async () => {
    const key = 'custom-secret-key-material-42';
    const router = createLlmRouter({ apiKeys: { 'openai-compatible': key }, baseUrls: baseUrls(), env: {}, homeDir: emptyHome() });
    server.injectFaults({ type: 'unauthorized' });
    const err = await rejectionOf(router.complete(request('openai-compatible')));
    assert.ok(err instanceof LlmPauseError);
    assert.match(err.message, /rejected the API key/);
    // The message names the server that refused, so the user knows which key to fix.
    assert.ok(err.message.includes(baseUrls()['openai-compatible']), err.message);
    assert.ok(!err.message.includes(key) && !(err.stack ?? '').includes(key), err.message);
    // The server did receive it: the redaction is ours, not a missing header.
    assert.equal(server.requests[0].headers.authorization, `Bearer ${key}`);
  });

  it("the caller's abort reaches the in-flight HTTP request through the router", async () => {
    const router = createLlmRouter({ baseUrls: baseUrls(), env: {}, homeDir: emptyHome() });
    server.injectFaults({ type: 'hang' });
    const ctl = new AbortController();
    const pending = rejectionOf(router.complete(request('openai-compatible'), ctl.signal));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ctl.abort();
    assert.equal((await pending).name, 'AbortError');
    while (server.clientAborts === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.requests.length, 1);
    assert.equal(router.limiter.active, 0);
  });

  it('describe() tells where the key came from without revealing it', async () => {
    const router = createLlmRouter({ baseUrls: baseUrls(), env: { GEMINI_API_KEY: 'g-describe-123456' }, homeDir: emptyHome() });
    const d = await router.describe('gemini');
    assert.deepEqual(d, { provider: 'gemini', baseUrl: server.baseUrl('gemini'), keySource: 'env', keyVariable: 'GEMINI_API_KEY' });
    assert.ok(!JSON.stringify(d).includes('g-describe-123456'));
  });

  it('probe() sends one tiny request and reports latency, usage and the first line', async () => {
    server.answer = () => '\n  ready  \nmore text';
    const router = createLlmRouter({ apiKeys: { openai: 'sk-probe-123456' }, baseUrls: baseUrls(), env: {}, homeDir: emptyHome() });
    const result = await probe(router, 'openai', 'gpt-4.1-nano');
    assert.equal(result.firstLine, 'ready');
    assert.equal(result.finish, 'stop');
    assert.ok(result.latencyMs >= 0);
    assert.ok(result.usage.input > 0 && result.usage.output > 0);
    assert.ok((result.costUsd ?? 0) > 0);
    assert.equal(server.requests.length, 1);
    const body = server.requests[0].body as { max_completion_tokens: number; model: string };
    assert.equal(body.max_completion_tokens, 16);
    assert.equal(body.model, 'gpt-4.1-nano');
  });

  it('probe(): a refused key is a config error (no run to pause: the user fixes it first)', async () => {
    const router = createLlmRouter({ apiKeys: { openai: 'sk-probe-123456' }, baseUrls: baseUrls(), env: {}, homeDir: emptyHome() });
    server.injectFaults({ type: 'unauthorized' });
    const err = await rejectionOf(probe(router, 'openai', 'gpt-4.1-nano'));
    assert.ok(err instanceof LlmConfigError, String(err));
    assert.match(err.message, /rejected the API key \(HTTP 401\)/);
  });
});
