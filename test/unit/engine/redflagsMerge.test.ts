// A red flagger configured at both the domain and the agent level is one check: it runs, and
// reports a sample, once, with the agent's settings; different subjects stay separate checks.
import assert from 'node:assert/strict';
import type { AgentConfig, DomainConfig, RedFlaggerConfig } from '../../../src/engine/config';
import type { LlmClient, SyntaxChecker } from '../../../src/engine/ports';
import { buildPipeline } from '../../../src/engine/redflags/build';

const llm: LlmClient = {
  complete: async () => {
    throw new Error('no model call while building or running length checks');
  },
};
const syntax: SyntaxChecker = { languages: () => ['python', 'javascript'], check: async () => null };

function solverWith(domainLevel: RedFlaggerConfig[], agentLevel: RedFlaggerConfig[], role: AgentConfig['role'] = 'solver') {
  const agent: AgentConfig = {
    role, template: 't', templateSource: '<inline>', model: 'm', samples: 3, k: 2, temperature: { first: 0, later: 0.1 }, maxTokens: 100, redFlaggers: agentLevel,
  };
  const domain: DomainConfig = {
    name: 'd', flow: 'tree', vote: 'judge', agents: { [role]: agent }, stepGranularity: { maxFiles: 1, maxLinesChanged: 10 },
    applier: 'none', onVerifyFail: 'retry', verifyRetries: 0, redFlaggers: domainLevel,
    limits: { maxDepth: 1, minWordsToDecompose: 0, voteCap: 10, onVoteCap: 'plurality', resampleBudget: 5 },
    humanThresholds: { redFlags: 0, resamples: 0, lowMargin: 0 }, pricing: {},
  };
  return buildPipeline(domain, agent, { llm, defaultProvider: 'simulated', syntax });
}

const long = { role: 'solver' as const, text: 'x', finish: 'stop' as const, tokensOut: 126, maxTokens: 100, stepDescription: 's' };

describe('engine/redflags: domain and agent flaggers merged', () => {
  it('a length flagger at both levels reports a long sample once, with the agent-level cap', async () => {
    const p = solverWith([{ type: 'length', max_tokens: 50 }], [{ type: 'length', max_tokens: 10 }]);
    assert.deepEqual(await p.runAll(long), [{ flagger: 'length', reason: '126 output tokens > 10' }]);
  });

  it('an identical length flagger at both levels is one check', async () => {
    const p = solverWith([{ type: 'length', max_tokens: 10 }], [{ type: 'length', max_tokens: 10 }]);
    assert.equal((await p.runAll(long)).length, 1);
  });

  it('syntax checks of different languages stay separate; the same language is one', () => {
    const p = solverWith([{ type: 'syntax', language: 'python' }, { type: 'syntax', language: 'javascript' }], [{ type: 'syntax', language: 'python', scope: 'files' }]);
    assert.deepEqual(p.flaggers.map((f) => f.name), ['syntax', 'syntax']);
  });

  it('critics with different models stay two checks', () => {
    const critic = (model: string): RedFlaggerConfig => ({ type: 'llm_critique', model, prompt_template: 'VERDICT?' });
    assert.equal(solverWith([critic('a')], [critic('b')]).flaggers.length, 2);
    assert.equal(solverWith([critic('a')], [critic('a')]).flaggers.length, 1);
  });

  it("a discriminator gets only its own flaggers, not the domain's", () => {
    const p = solverWith([{ type: 'length', max_tokens: 10 }], [], 'solution_discriminator');
    assert.equal(p.isEmpty, true);
  });
});
