import assert from 'node:assert/strict';
import { LlmPauseError } from '../../../src/engine/ports';
import { BudgetGuard, estimateInputTokens } from '../../../src/llm/budget';
import { costOf, priceOf } from '../../../src/llm/pricing';
import { createLlmRouter } from '../../../src/llm/router';
import { LlmServer } from '../../support/llmServer';
import { emptyHome, rejectionOf, request } from './helpers';

describe('llm pricing', () => {
  it('prices a known model per million tokens', () => {
    const cost = costOf('gpt-4.1-mini', { input: 1_000_000, output: 500_000 });
    assert.equal(cost.priced, true);
    assert.ok(Math.abs(cost.usd - (0.4 + 0.8)) < 1e-9);
  });

  it('matches dated and preview variants to their base model, but not other versions', () => {
    assert.equal(priceOf('gpt-4.1-mini-2025-04-14')?.matched, 'gpt-4.1-mini');
    assert.equal(priceOf('claude-sonnet-4-5-20250929')?.matched, 'claude-sonnet-4-5');
    assert.equal(priceOf('gemini-2.5-flash-lite-preview-06-17')?.matched, 'gemini-2.5-flash-lite');
    assert.equal(priceOf('models/gemini-2.5-pro')?.matched, 'gemini-2.5-pro');
    assert.equal(priceOf('grok-4-0709')?.matched, 'grok-4');
    // A newer minor version is a different price: don't guess.
    assert.equal(priceOf('claude-opus-4-7'), undefined);
    assert.equal(priceOf('gpt-5.4'), undefined);
  });

  it('covers the common current models', () => {
    for (const m of ['gpt-4.1', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1-codex', 'claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'grok-4', 'grok-3-mini']) {
      assert.ok(costOf(m, { input: 1, output: 1 }).priced, m);
    }
  });

  it('an unknown model costs 0 and says it is unpriced', () => {
    assert.deepEqual(costOf('llama3.2', { input: 1000, output: 1000 }), { usd: 0, priced: false });
  });

  it('config.yaml pricing overrides the table and adds models', () => {
    const overrides = { 'gpt-4.1-mini': { input: 1, output: 2 }, 'llama3.2': { input: 0.01, output: 0.02 } };
    assert.ok(Math.abs(costOf('gpt-4.1-mini', { input: 1_000_000, output: 1_000_000 }, overrides).usd - 3) < 1e-9);
    assert.equal(costOf('llama3.2', { input: 1_000_000, output: 0 }, overrides).priced, true);
  });
});

describe('llm budget', () => {
  const req = request('openai', { model: 'gpt-4.1', system: '', prompt: 'x'.repeat(4000), maxTokens: 1000 });
  // 1000 input tokens at $2/M + 1000 output at $8/M
  const worst = (1000 * 2 + 1000 * 8) / 1e6;

  it('estimates input at ~4 characters a token', () => {
    assert.equal(estimateInputTokens({ system: 'abcd', prompt: 'efghi' }), 3);
  });

  it('refuses a call whose worst case would pass the budget, before it is sent', () => {
    const guard = new BudgetGuard({ budgetUsd: 0.05, spentUsd: 0.045 });
    assert.ok(Math.abs(guard.estimate(req) - worst) < 1e-12);
    const err = (() => {
      try {
        guard.reserve(req);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof LlmPauseError);
    assert.equal(err.trigger, 'budget');
    assert.match(err.message, /Budget reached: \$0\.0450 spent of \$0\.05/);
    assert.match(err.message, /--budget-usd/);
  });

  it('holds reservations for calls in flight, then counts real cost', () => {
    const guard = new BudgetGuard({ budgetUsd: 0.025 });
    const a = guard.reserve(req);
    const b = guard.reserve(req);
    assert.throws(() => guard.reserve(req), LlmPauseError); // 3 x 0.01 > 0.025
    guard.settle(a, 0.001);
    guard.release(b);
    assert.ok(Math.abs(guard.spentUsd - 0.001) < 1e-12);
    assert.equal(guard.reservedUsd, 0);
    guard.reserve(req); // fits again
  });

  it('never blocks an unpriced model (and warns once)', () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const guard = new BudgetGuard({ budgetUsd: 0, logger });
    guard.reserve(request('openai-compatible', { model: 'llama3.2' }));
    guard.reserve(request('openai-compatible', { model: 'llama3.2' }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /llama3\.2/);
  });

  it('through the router: pauses with budget before the call that would exceed it, and sends nothing', async () => {
    const server = await LlmServer.start({ countTokens: (t) => Math.ceil(t.length / 4) });
    try {
      server.answer = () => 'ok';
      const router = createLlmRouter({
        apiKeys: { openai: 'sk-budget-123456' },
        baseUrls: { openai: server.baseUrl('openai') },
        budgetUsd: 0.011,
        env: {},
        homeDir: emptyHome(),
      });
      const first = await router.complete(req);
      // Real cost: 1001 input tokens at $2/M + 1 output token at $8/M, far below the worst case...
      assert.ok(first.costUsd !== undefined && Math.abs(first.costUsd - (1001 * 2 + 8) / 1e6) < 1e-12);
      assert.ok(Math.abs((router.budget?.spentUsd ?? 0) - first.costUsd) < 1e-12);
      // ...but $0.002 spent + $0.01 worst case > $0.011.
      const err = await rejectionOf(router.complete(req));
      assert.ok(err instanceof LlmPauseError);
      assert.equal(err.trigger, 'budget');
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
