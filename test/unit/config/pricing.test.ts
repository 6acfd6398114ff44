// config.yaml's `pricing` map: each model's $ per million input and output tokens, and the
// prompt-cache rates (cached_input, cache_write) pricing.ts uses for cached and written tokens.
// A negative or non-numeric price is a config error naming file:line, exit 2 from the CLI.
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/config/errors';
import { loadConfig } from '../../../src/config/load';
import { costOf } from '../../../src/llm/pricing';
import { ensureCliBuilt, oneLineUsageError, runCli } from '../../support/cliRun';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const DOMAIN = ['domains:', '  x:', '    agents:', '      solver:', '        prompt_template: "Solve {{task}}\\n"', '        model: m'];
const withPrice = (...lines: string[]) => [...DOMAIN, 'pricing:', '  m:', ...lines.map((l) => `    ${l}`), ''].join('\n');

function loadError(file: string): string {
  try {
    loadConfig(file);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return (e as Error).message;
  }
  assert.fail('loaded without an error');
}

describe('config: pricing with cache rates', () => {
  let tmp: TmpDir;
  beforeEach(() => (tmp = makeTmpDir('mf-pricing-')));
  afterEach(() => tmp.cleanup());

  it('cached_input and cache_write become the model price the cost uses', () => {
    const file = tmp.write('c.yaml', withPrice('input: 2', 'output: 4', 'cached_input: 0.5', 'cache_write: 2.5'));
    const pricing = loadConfig(file).domains.x.pricing;
    assert.deepEqual(pricing, { m: { input: 2, output: 4, cachedInput: 0.5, cacheWrite: 2.5 } });
    const usd = costOf('m', { input: 1000, cachedInput: 600, cacheWrite: 300, output: 10 }, pricing).usd;
    assert.ok(Math.abs(usd - (100 * 2 + 600 * 0.5 + 300 * 2.5 + 10 * 4) / 1e6) < 1e-15, String(usd));
    assert.deepEqual(loadConfig(tmp.write('plain.yaml', withPrice('input: 2', 'output: 4'))).domains.x.pricing, { m: { input: 2, output: 4 } });
  });

  it('a negative or non-numeric cache price names file:line and the key', () => {
    const negative = tmp.write('neg.yaml', withPrice('input: 2', 'output: 4', 'cached_input: -0.1'));
    assert.match(loadError(negative), new RegExp(`^${negative}:11:\\d+: pricing\\.m\\.cached_input: `));
    const word = tmp.write('word.yaml', withPrice('input: 2', 'output: 4', 'cache_write: cheap'));
    assert.match(loadError(word), new RegExp(`^${word}:11:\\d+: pricing\\.m\\.cache_write: `));
    const camel = tmp.write('camel.yaml', withPrice('input: 2', 'output: 4', 'cachedInput: 0.5'));
    assert.match(loadError(camel), /pricing\.m\.cachedInput: /, 'the file spells keys in snake_case, like the rest of it');
  });

  it('the CLI refuses it with exit 2 and one line, before any session', async function () {
    this.timeout(60_000);
    ensureCliBuilt();
    const file = tmp.write('cli.yaml', withPrice('input: 2', 'output: 4', 'cached_input: -1'));
    const r = await runCli(['run', '--domain', 'x', '--prompt', 'p', '--config', file], { home: tmp.path });
    assert.match(oneLineUsageError(r), /cli\.yaml:11:\d+: pricing\.m\.cached_input: /);
  });
});
