// The `microfactory.*` settings as RunOverrides, and the config.yaml a folder runs with
// (src/extension/settingsValues.ts), fed the values VS Code hands back: numbers, strings,
// booleans, null for "unset" and "" for a cleared text box.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { configPathFor, overridesFromSettings, type SettingGetter } from '../../../src/extension/settingsValues';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

/** A configuration section holding `values` (dotted keys, as package.json declares them). */
const section = (values: Record<string, unknown>): SettingGetter => <T>(key: string) => values[key] as T | undefined;

describe('extension settings: overrides', () => {
  it('maps every set value to its override, trimming text', () => {
    const o = overridesFromSettings(section({
      provider: ' anthropic ', model: 'claude-x', baseUrl: 'http://127.0.0.1:8080/v1', samples: 5, k: 2, adaptiveK: false,
      maxConcurrentLlm: 4, budgetUsd: 0.5, stepByStep: true, 'hanoi.disks': 6, 'simulated.errorRate': 0.01, 'simulated.latencyMs': 20,
      requestTimeoutMs: 30_000, 'thresholds.lowMargin': 1,
    }));
    assert.deepEqual(o, {
      provider: 'anthropic', model: 'claude-x', baseUrl: 'http://127.0.0.1:8080/v1', samples: 5, k: 2, adaptiveK: false,
      maxConcurrentLlm: 4, budgetUsd: 0.5, stepByStep: true, disks: 6, errorRate: 0.01, latencyMs: 20, timeoutMs: 30_000,
      thresholds: { lowMargin: 1 },
    });
  });

  it('leaves unset, empty and ill-typed values out, so config.yaml decides (no undefined keys left to spread: strict deepEqual tells them from absent)', () => {
    const o = overridesFromSettings(section({
      provider: '  ', model: null, samples: null, k: Number.NaN, budgetUsd: Number.POSITIVE_INFINITY, adaptiveK: 'yes',
      stepByStep: false, 'hanoi.disks': '6', 'thresholds.redFlags': null,
    }));
    assert.deepEqual(o, {});
  });

  it('zero is a value, not "unset"', () => {
    assert.deepEqual(overridesFromSettings(section({ 'simulated.errorRate': 0, budgetUsd: 0, 'thresholds.resamples': 0 })), {
      errorRate: 0, budgetUsd: 0, thresholds: { resamples: 0 },
    });
  });
});

describe('extension settings: which config.yaml', () => {
  let tmp: TmpDir;
  beforeEach(() => (tmp = makeTmpDir('mf-settings-')));
  afterEach(() => tmp.cleanup());

  const folder = (): { fsPath: string; scheme: string } => ({ fsPath: tmp.path, scheme: 'file' });

  it('the configPath setting wins: relative to the folder, or as given when absolute or folderless', () => {
    assert.equal(configPathFor(section({ configPath: 'conf/mf.yaml' }), folder()), join(tmp.path, 'conf/mf.yaml'));
    assert.equal(configPathFor(section({ configPath: '/etc/mf.yaml' }), folder()), '/etc/mf.yaml');
    assert.equal(configPathFor(section({ configPath: 'mf.yaml' }), undefined), 'mf.yaml');
  });

  it('else the folder\'s config.yaml, only when it has a top-level domains: key', () => {
    assert.equal(configPathFor(section({}), folder()), undefined, 'no file');
    tmp.write('config.yaml', 'version: 2\nservices:\n  domains: []\n');
    assert.equal(configPathFor(section({ configPath: '' }), folder()), undefined, 'someone else\'s config.yaml');
    tmp.write('config.yaml', '# ours\ndomains:\n  hanoi:\n    flow: chain\n');
    assert.equal(configPathFor(section({ configPath: null }), folder()), join(tmp.path, 'config.yaml'));
  });

  it('a remote folder (not file:) or no folder falls back to the bundled config', () => {
    tmp.write('config.yaml', 'domains:\n  x: {}\n');
    assert.equal(configPathFor(section({}), { fsPath: tmp.path, scheme: 'vscode-remote' }), undefined);
    assert.equal(configPathFor(section({}), undefined), undefined);
  });
});
