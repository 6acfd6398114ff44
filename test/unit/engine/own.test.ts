// Names someone else chose (a domain or command typed by a user, a code fence tag or a file
// extension written by a model) must never resolve to Object.prototype's members.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { getDomain, loadConfig } from '../../../src/config/load';
import { ConfigError } from '../../../src/config/errors';
import { own } from '../../../src/engine/own';
import { extractCode } from '../../../src/engine/redflags/codeBlocks';
import { isBuiltinProvider } from '../../../src/llm/providerInfo';
import { priceOf } from '../../../src/llm/pricing';
import { inferLanguage, languageForPath, normalizeLanguage } from '../../../src/engine/languages';
import { REPO_ROOT } from '../../support/codeDomain';

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('own-property lookups (engine/own.ts)', () => {
  it('own() finds own keys and nothing inherited', () => {
    const table: Record<string, number> = { a: 1, zero: 0 };
    assert.equal(own(table, 'a'), 1);
    assert.equal(own(table, 'zero'), 0);
    for (const name of PROTO_NAMES) assert.equal(own(table, name), undefined, name);
  });

  it('an unknown domain named like a prototype member is the usual ConfigError listing the domains', () => {
    const config = loadConfig(join(REPO_ROOT, 'config.yaml'));
    for (const name of PROTO_NAMES) {
      assert.throws(() => getDomain(config, name), (e: unknown) => e instanceof ConfigError && e.message.includes(`'${name}'`) && /available: code, analysis, hanoi/.test(e.message), name);
    }
  });

  it('fence tags and file extensions a model wrote: no language for prototype names', () => {
    for (const name of PROTO_NAMES) {
      assert.equal(normalizeLanguage(name), undefined, `normalizeLanguage(${name})`);
      assert.equal(languageForPath(`src/a.${name}`), undefined, `languageForPath(a.${name})`);
      assert.equal(inferLanguage(`src/a.${name}`), undefined, `inferLanguage(a.${name})`);
    }
    // A ```constructor block is not Python: with a python flagger it is skipped, not checked.
    assert.deepEqual(extractCode('```constructor\nx = 1\n```\n', 'python'), []);
    assert.equal(normalizeLanguage('py'), 'python');
  });

  it('providers and prices: prototype names are neither', () => {
    for (const name of PROTO_NAMES) {
      assert.equal(isBuiltinProvider(name), false, name);
      assert.equal(priceOf(name, {}), undefined, name);
    }
  });
});
