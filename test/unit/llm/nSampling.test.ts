// n-sampling through the official SDKs against the local wire server: OpenAI `n` and Gemini
// `candidateCount` bring several independent choices from one request, billed input once and
// output per choice; each choice carries its share of the bill, and the shares sum to it. A server
// that ignores n, or refuses it, is remembered per (provider, base URL, model).
import assert from 'node:assert/strict';
import { LlmRefusedError } from '../../../src/llm/errors';
import { splitChoices } from '../../../src/llm/choiceUsage';
import { createLlmRouter, type LlmRouter } from '../../../src/llm/router';
import { LlmServer } from '../../support/llmServer';
import { emptyHome, rejectionOf, request } from './helpers';

describe('llm n-sampling (OpenAI n, Gemini candidateCount)', () => {
  let server: LlmServer;
  let plain: LlmServer;

  before(async () => {
    // Each choice is its own draw: the answer names its choice and has a length of its own.
    const answer = (_p: string, ctx: { choice?: number }) => `answer ${ctx.choice ?? 0} ${'word '.repeat(2 + 3 * (ctx.choice ?? 0))}`;
    server = await LlmServer.start({ answer });
    plain = await LlmServer.start({ answer, ignoreN: true });
  });
  after(async () => {
    await server.close();
    await plain.close();
  });
  beforeEach(() => {
    server.reset();
    plain.reset();
  });

  function router(compatibleUrl = plain.baseUrl('openai')): LlmRouter {
    return createLlmRouter({
      apiKeys: { openai: 'sk-n-openai-123', anthropic: 'sk-ant-n-123', gemini: 'g-n-123456' },
      baseUrls: { openai: server.baseUrl('openai'), anthropic: server.baseUrl('anthropic'), gemini: server.baseUrl('gemini'), 'openai-compatible': compatibleUrl },
      env: {}, homeDir: emptyHome(),
    });
  }

  for (const provider of ['openai', 'gemini'] as const) {
    it(`${provider}: one request with n = 3 gives 3 choices, each with its share of the bill`, async () => {
      const r = router();
      assert.ok(r.choices({ provider, model: 'gpt-4.1-mini' }) >= 3);
      const res = await r.complete(request(provider, { model: 'gpt-4.1-mini', n: 3 }));
      assert.equal(server.requests.length, 1, 'one HTTP request');
      const body = server.requests[0].body as Record<string, any>;
      assert.equal(provider === 'openai' ? body.n : body.generationConfig.candidateCount, 3, 'the SDK sent the count');
      const choices = res.choices!;
      assert.deepEqual(choices.map((c) => c.text.split(' ').slice(0, 2).join(' ')), ['answer 0', 'answer 1', 'answer 2']);
      // The server billed the prompt once and every choice's output; the choices' shares sum to exactly that.
      const billed = server.requests[0];
      assert.deepEqual(res.usage, { input: billed.tokensIn, output: billed.tokensOut });
      assert.equal(choices.reduce((a, c) => a + c.usage.input, 0), billed.tokensIn);
      assert.equal(choices.reduce((a, c) => a + c.usage.output, 0), billed.tokensOut);
      // Output follows each choice's own length: the longer answers carry more of it.
      assert.ok(choices[0].usage.output < choices[1].usage.output && choices[1].usage.output < choices[2].usage.output);
      const sum = choices.reduce((a, c) => a + (c.costUsd ?? 0), 0);
      assert.ok(Math.abs(sum - res.costUsd!) < 1e-15 && res.costUsd! > 0, `choices cost ${sum}, the request ${res.costUsd}`);
      assert.deepEqual(server.billed, { requests: 1, choices: 3, input: billed.tokensIn, output: billed.tokensOut, cached: 0, cacheWrite: 0 });
    });
  }

  it('anthropic has no n-sampling: the router allows one choice per request', () => {
    assert.equal(router().choices({ provider: 'anthropic', model: 'claude-haiku-4-5' }), 1);
  });

  it('a server that ignores n is probed once and remembered, for its own base URL and model only', async () => {
    const r = router();
    const model = { provider: 'openai-compatible', model: 'llama3.2' };
    assert.ok(r.choices(model) > 1, 'not known yet: worth asking');
    const res = await r.complete(request('openai-compatible', { model: 'llama3.2', n: 3 }));
    assert.equal(res.choices?.length ?? 1, 1, 'the server answered once');
    assert.equal(r.choices(model), 1, 'remembered: one choice per request from now on');
    assert.ok(r.choices({ provider: 'openai-compatible', model: 'qwen3' }) > 1, 'another model on that server is asked for itself');
    assert.ok(r.choices({ provider: 'openai', model: 'llama3.2' }) > 1, 'another provider is untouched');
    assert.equal(plain.billed.choices, 1);
  });

  it('a server that refuses n (a 4xx) is asked again once for one choice, and remembered', async () => {
    const r = router(server.baseUrl('openai'));
    server.injectFaults({ type: 'error', status: 400, message: "Unrecognized request argument supplied: n" });
    const res = await r.complete(request('openai-compatible', { model: 'strict-server', n: 3 }));
    assert.equal(res.choices?.length ?? 1, 1);
    assert.deepEqual(server.requests.map((q) => (q.body as { n?: number }).n), [3, undefined]);
    assert.equal(r.choices({ provider: 'openai-compatible', model: 'strict-server' }), 1);
    // Once a server has honoured n, a later 4xx is about something else: it is the caller's error
    // (a refusal that pauses the run, never a silent retry).
    await r.complete(request('openai', { model: 'gpt-4.1-mini', n: 2 }));
    server.injectFaults({ type: 'error', status: 400, message: 'bad request' });
    assert.ok((await rejectionOf(r.complete(request('openai', { model: 'gpt-4.1-mini', n: 2 })))) instanceof LlmRefusedError);
    // A refused key is no answer about n: it is not retried as one choice.
    const before = server.total;
    server.injectFaults({ type: 'unauthorized' });
    assert.ok((await rejectionOf(r.complete(request('openai-compatible', { model: 'other-server', n: 2 })))) instanceof LlmRefusedError);
    assert.equal(server.total - before, 1);
    assert.equal(r.choices({ provider: 'openai-compatible', model: 'other-server' }), 128);
  });

  it('splitChoices: input split evenly (remainder to the first), output by length, never past max tokens', () => {
    const out = splitChoices({ input: 10, output: 30 }, [{ text: 'a'.repeat(10), finish: 'stop' }, { text: 'a'.repeat(80), finish: 'stop' }, { text: 'a'.repeat(10), finish: 'stop' }], 20);
    assert.deepEqual(out.map((c) => c.usage.input), [4, 3, 3]);
    assert.deepEqual(out.map((c) => c.usage.output), [7, 20, 3], 'by length 3/24/3; the long one capped at 20, its excess to the first that has room');
    // A provider's own per-choice counts win when they add up.
    const own = splitChoices({ input: 5, output: 9 }, [{ text: 'x', finish: 'stop', output: 7 }, { text: 'yyyyyy', finish: 'length', output: 2 }]);
    assert.deepEqual(own.map((c) => [c.usage.input, c.usage.output, c.finish]), [[3, 7, 'stop'], [2, 2, 'length']]);
  });
});
