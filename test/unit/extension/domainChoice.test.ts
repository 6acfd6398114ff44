// The Run Task domain picker without the editor (src/extension/domainChoice.ts): what will
// actually run once the settings apply, and the domain that fits the prompt.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { listDomains } from '../../../src/app/session';
import { preselectDomain, resolvedModels } from '../../../src/extension/domainChoice';

const ROOT = resolve(__dirname, '../../../..');

describe('extension domain picker: what runs, and which domain fits', () => {
  it('the bundled domains show the provider and model after the settings, not the config\'s names', async () => {
    const domains = await listDomains(undefined, ROOT);
    const code = domains.find((d) => d.name === 'code')!;
    const hanoi = domains.find((d) => d.name === 'hanoi')!;
    assert.deepEqual(resolvedModels(code, { provider: 'openai-compatible', model: 'fake' }).map((m) => m.label), ['openai-compatible · fake']);
    assert.deepEqual(resolvedModels(hanoi, {}).map((m) => m.label), ['simulated'], 'no setting: the built-in model, whatever the config names');
    const configured = resolvedModels(code, { provider: 'openai' });
    assert.ok(configured.every((m) => m.provider === 'openai' && m.label.startsWith('openai · ')), JSON.stringify(configured));
  });

  it('an agent that names its own provider keeps its own model (the engine\'s rule)', () => {
    const d = { name: 'mixed', flow: 'tree', vote: 'judge', agents: { solver: { model: 'claude-x', provider: 'anthropic', samples: 3, k: 2 }, decomposition: { model: 'cfg', samples: 3, k: 2 } } };
    assert.deepEqual(resolvedModels(d, { provider: 'openai', model: 'gpt-x' }).map((m) => m.label), ['anthropic · claude-x', 'openai · gpt-x']);
  });

  it('preselects hanoi for a Hanoi prompt, code for a code-ish one in a folder, else the last one used', async () => {
    const domains = await listDomains(undefined, ROOT);
    assert.equal(preselectDomain(domains, { prompt: 'Solve Towers of Hanoi with 5 disks', hasRepo: true, last: 'code' }), 'hanoi');
    assert.equal(preselectDomain(domains, { prompt: 'Fix the failing test in src/math.js', hasRepo: true }), 'code');
    assert.equal(preselectDomain(domains, { prompt: 'Fix the failing test in src/math.js', hasRepo: false, last: 'analysis' }), 'analysis', 'no folder: no code run');
    assert.equal(preselectDomain(domains, { prompt: 'Summarise the design', hasRepo: true, last: 'analysis' }), 'analysis');
    assert.equal(preselectDomain(domains, { prompt: 'Summarise the design', hasRepo: true, last: 'deleted-domain' }), undefined);
  });
});
