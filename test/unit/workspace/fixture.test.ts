// The apply → verify → rollback cycle on the JavaScript fixture the engine's end-to-end test
// uses: a wrong fix fails `node --test` and is rolled back byte for byte; the right one passes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createWorkspace } from '../../../src/workspace/workspace';
import { gitIn, makeJsFixtureRepo } from '../../support/fixtures';
import type { JsFixtureRepo } from '../../support/fixtures';
import { snapshot, testDomain } from './helpers';

describe('workspace: JS fixture apply/verify/rollback', function () {
  this.timeout(60000);
  let fx: JsFixtureRepo;
  beforeEach(() => (fx = makeJsFixtureRepo()));
  afterEach(() => fx.cleanup());

  it('starts clean and failing', async () => {
    assert.equal(gitIn(fx.path, ['status', '--porcelain']), '');
    const ws = await createWorkspace({ repoPath: fx.path, domain: testDomain({ verifier: { command: fx.testCommand, timeoutMs: 30000 } }), canWrite: true });
    const v = await ws.verify(0);
    assert.equal(v?.passed, false);
  });

  it('rolls back a wrong fix after it fails verification, then applies and commits the right one', async () => {
    const domain = testDomain({ verifier: { command: fx.testCommand, timeoutMs: 30000 }, stepGranularity: { maxFiles: 1, maxLinesChanged: 5 } });
    const ws = await createWorkspace({ repoPath: fx.path, domain, canWrite: true, commit: true });
    const before = snapshot(fx.path, true);

    const wrong = await ws.plan(`<file path="${fx.buggyFile}">\n${fx.wrongContent}</file>`, 'Fix add() in src/math.js');
    assert.ok(wrong.ok, wrong.ok ? '' : wrong.reason);
    await ws.apply(wrong.changeSet);
    const v1 = await ws.verify(1);
    assert.equal(v1?.passed, false);
    assert.match(v1?.output ?? '', /add/);
    await ws.rollback(wrong.changeSet);
    assert.deepEqual(snapshot(fx.path, true), before);

    const right = await ws.plan('```js\n' + fx.fixedContent + '```', 'Fix add() in src/math.js');
    assert.ok(right.ok, right.ok ? '' : right.reason);
    await ws.apply(right.changeSet);
    const v2 = await ws.verify(2);
    assert.equal(v2?.passed, true, v2?.output);
    await ws.commit!('Fix add() in src/math.js');
    assert.equal(gitIn(fx.path, ['log', '-1', '--format=%s']).trim(), 'Fix add() in src/math.js');
    assert.equal(readFileSync(path.join(fx.path, fx.buggyFile), 'utf8'), fx.fixedContent);
  });
});
