// Per-sample sampling settings: a fixed agent seed gives each sample of each step its own
// seed (the same on every run), 'random' leaves the seed to the client, and agents without
// sampling keys send none.
import assert from 'node:assert/strict';
import type { AgentConfig } from '../../../src/engine/config';
import { mixSeed, sampleSettings } from '../../../src/engine/sampling';

const agent = (sampling?: AgentConfig['sampling']): AgentConfig => ({
  role: 'solver', template: '', templateSource: '<inline>', model: 'm', samples: 3, k: 3, temperature: { first: 1.3, later: 1.3 }, maxTokens: 100, redFlaggers: [], sampling,
});

describe('sampling settings per sample', () => {
  it('sends nothing for an agent without sampling keys', () => {
    assert.equal(sampleSettings(agent(), 's1', 0), undefined);
  });

  it('passes top_k/top_p/min_p through and leaves a random seed to the client', () => {
    assert.deepEqual(sampleSettings(agent({ topK: 0, topP: 1, minP: 0, seed: 'random' }), 's1', 2), { topK: 0, topP: 1, minP: 0, seed: undefined });
  });

  it('a fixed seed differs per sample and per step, and is the same on every run', () => {
    const a = agent({ seed: 42 });
    const seeds = [0, 1, 2].map((seq) => sampleSettings(a, 'step-1', seq)!.seed);
    assert.equal(new Set(seeds).size, 3, `three samples of one step got ${seeds.join(', ')}`);
    assert.notEqual(sampleSettings(a, 'step-2', 0)!.seed, seeds[0]);
    assert.deepEqual([0, 1, 2].map((seq) => sampleSettings(a, 'step-1', seq)!.seed), seeds);
    assert.equal(mixSeed(42, 'step-1', 0), seeds[0]);
    for (const s of seeds) assert.ok(Number.isInteger(s) && s! >= 0 && s! < 2 ** 31);
  });
});
