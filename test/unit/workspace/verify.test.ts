import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createWorkspace } from '../../../src/workspace/workspace';
import { HeadTailBuffer, runVerifier } from '../../../src/workspace/verifier';
import { makeTempDir } from '../../support/fixtures';
import { testDomain } from './helpers';

describe('workspace: verify', () => {
  let dir: { path: string; cleanup(): void };
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.cleanup());
  const ws = (command: string, timeoutMs = 20000) =>
    createWorkspace({ repoPath: dir.path, domain: testDomain({ verifier: { command, timeoutMs } }), canWrite: true });

  it('passes on exit 0 and captures stdout and stderr, run in the repo root', async () => {
    const v = await (await ws('echo out; echo err 1>&2; pwd')).verify(1);
    assert.ok(v);
    assert.equal(v.passed, true);
    assert.equal(v.exitCode, 0);
    assert.equal(v.attempt, 1);
    assert.match(v.output, /out/);
    assert.match(v.output, /err/);
    assert.match(v.output, new RegExp(path.basename(dir.path)));
  });

  it('fails on a non-zero exit, keeping the code', async () => {
    const v = await (await ws('echo failing; exit 3')).verify(2);
    assert.ok(v);
    assert.equal(v.passed, false);
    assert.equal(v.exitCode, 3);
    assert.equal(v.attempt, 2);
    assert.match(v.output, /failing/);
  });

  it('kills the whole process group on timeout', async () => {
    // The grandchild would create the marker after 3 s if it survived the kill.
    const started = Date.now();
    const v = await (await ws('(sleep 3; touch survived.txt) & sleep 30', 500)).verify(1);
    assert.ok(v);
    assert.equal(v.passed, false);
    assert.equal(v.exitCode, null);
    assert.match(v.output, /timed out after 500 ms/);
    assert.ok(Date.now() - started < 10000);
    await new Promise((r) => setTimeout(r, 3500));
    assert.equal(existsSync(path.join(dir.path, 'survived.txt')), false);
  });

  it('returns undefined without a verifier', async () => {
    const w = await createWorkspace({ repoPath: dir.path, domain: testDomain(), canWrite: true });
    assert.equal(await w.verify(1), undefined);
  });

  it('rejects and kills the command when aborted', async () => {
    const ac = new AbortController();
    const p = runVerifier({ command: 'sleep 30', cwd: dir.path, timeoutMs: 60000, attempt: 1, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('cancelled by user')), 200);
    await assert.rejects(p, /cancelled by user/);
  });

  it('truncates long output to its head and tail with a marker', async () => {
    const v = await runVerifier({
      command: `node -e "process.stdout.write('HEAD' + 'x'.repeat(100000) + 'TAIL')"`,
      cwd: dir.path,
      timeoutMs: 20000,
      attempt: 1,
    });
    assert.ok(v.output.startsWith('HEAD'));
    assert.ok(v.output.endsWith('TAIL'));
    assert.match(v.output, /\[\d+ bytes of output truncated\]/);
    assert.ok(v.output.length < 17 * 1024 + 200);
  });

  it('HeadTailBuffer keeps exact head/tail across many chunks', () => {
    const b = new HeadTailBuffer(4, 4);
    for (const c of ['ab', 'cdef', 'ghij', 'klmn', 'op']) b.push(Buffer.from(c));
    assert.equal(b.toString(), 'abcd\n… [8 bytes of output truncated] …\nmnop');
    const small = new HeadTailBuffer(4, 4);
    small.push(Buffer.from('abcdef'));
    assert.equal(small.toString(), 'abcdef');
  });
});
