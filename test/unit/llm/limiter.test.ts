import assert from 'node:assert/strict';
import { Limiter } from '../../../src/llm/limiter';
import { createLlmRouter } from '../../../src/llm/router';
import { LlmServer } from '../../support/llmServer';
import { emptyHome, rejectionOf, request } from './helpers';

describe('llm limiter', () => {
  it('never runs more than max at once, and serves waiters in FIFO order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      limiter.run(async () => {
        order.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
      });
    await Promise.all([0, 1, 2, 3, 4, 5].map(task));
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.equal(limiter.active, 0);
  });

  it('an aborted wait leaves the queue and rejects; the slot goes to the next waiter', async () => {
    const limiter = new Limiter(1);
    const release = await limiter.acquire();
    const ctl = new AbortController();
    const cancelled = limiter.acquire(ctl.signal);
    const next = limiter.acquire();
    assert.equal(limiter.waiting, 2);
    ctl.abort();
    const err = await rejectionOf(cancelled);
    assert.equal(err.name, 'AbortError');
    assert.equal(limiter.waiting, 1);
    release();
    release(); // a second release is a no-op, not a second slot
    const releaseNext = await next;
    assert.equal(limiter.active, 1);
    releaseNext();
    assert.equal(limiter.active, 0);
  });

  it('rejects a non-positive size', () => {
    assert.throws(() => new Limiter(0), RangeError);
  });

  it('caps concurrent HTTP calls at the server through the router', async () => {
    const server = await LlmServer.start({ latencyMs: 250 });
    try {
      const router = createLlmRouter({
        maxConcurrent: 3,
        baseUrls: { 'openai-compatible': server.baseUrl('openai') },
        env: {},
        homeDir: emptyHome(),
      });
      await Promise.all(Array.from({ length: 9 }, (_, i) => router.complete(request('openai-compatible', { prompt: `call ${i}` }))));
      assert.equal(server.requests.length, 9);
      assert.equal(server.maxInFlight, 3);
    } finally {
      await server.close();
    }
  });

  it('all roles and providers share the one limiter', async () => {
    const server = await LlmServer.start({ latencyMs: 250 });
    try {
      const router = createLlmRouter({
        maxConcurrent: 2,
        apiKeys: { openai: 'sk-limit-123456', anthropic: 'sk-ant-limit-123456', gemini: 'g-limit-123456' },
        baseUrls: { openai: server.baseUrl('openai'), anthropic: server.baseUrl('anthropic'), gemini: server.baseUrl('gemini') },
        env: {},
        homeDir: emptyHome(),
      });
      const roles = ['solver', 'solution_discriminator', 'decomposition'] as const;
      await Promise.all(
        (['openai', 'anthropic', 'gemini'] as const).flatMap((p, i) => [0, 1].map(() => router.complete(request(p, { role: roles[i] })))),
      );
      assert.equal(server.maxInFlight, 2);
    } finally {
      await server.close();
    }
  });
});
