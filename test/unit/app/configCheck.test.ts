// config.yaml problems at their line (src/app/configCheck.ts, configPosition.ts): the loader's
// real errors on broken files, read into the position the Problems view shows.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configProblem } from '../../../src/app/configCheck';
import { configErrorPosition } from '../../../src/app/configPosition';
import { makeTempDir } from '../../support/fixtures';
import { TREE_CONFIG } from '../../support/treeFixture';

describe('config check: problems at their line', () => {
  let tmp: { path: string; cleanup(): void };
  beforeEach(() => (tmp = makeTempDir('mf-cfgcheck-')));
  afterEach(() => tmp.cleanup());
  const write = (text: string) => {
    const p = join(tmp.path, 'config.yaml');
    writeFileSync(p, text);
    return p;
  };

  it('a config that loads has no problem', () => {
    assert.equal(configProblem(write(TREE_CONFIG)), undefined);
  });

  it('invalid YAML points at its line and column', () => {
    const file = write('domains:\n  notes:\n    flow: tree\n    vote: [judge\n');
    const problem = configProblem(file)!;
    const at = configErrorPosition(problem, file);
    assert.ok(at.line >= 4, `${problem} -> ${JSON.stringify(at)}`);
    assert.match(at.text, /^invalid YAML/);
  });

  it('a schema error points at the field\'s own line', () => {
    const file = write(TREE_CONFIG.replace('    applier: none', '    applier: none\n    colour: blue'));
    const problem = configProblem(file)!;
    const at = configErrorPosition(problem, file);
    const line = TREE_CONFIG.split('\n').findIndex((l) => l.startsWith('    applier: none')) + 2;
    assert.equal(at.line, line, problem);
    assert.ok(at.col >= 5, `column ${at.col}`);
    assert.match(at.text, /colour/);
  });

  it('a message naming no position, or another file, points at line 1', () => {
    assert.deepEqual(configErrorPosition('/x/config.yaml: cannot read config: EACCES', '/x/config.yaml'), { line: 1, col: 1, text: 'cannot read config: EACCES' });
    assert.deepEqual(configErrorPosition('/x/templates/a.hbs:3:1: bad', '/x/config.yaml'), { line: 1, col: 1, text: '/x/templates/a.hbs:3:1: bad' });
    assert.deepEqual(configErrorPosition('/x/config.yaml:0:0: odd', '/x/config.yaml'), { line: 1, col: 1, text: 'odd' });
  });
});
