// readBoundedText: the one way a user-named file (config, template, script) is read. Only a
// regular file, at most 4 MiB, else one ConfigError line naming the file and the cap.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError } from '../../../src/config/errors';
import { MAX_INPUT_BYTES, readBoundedText } from '../../../src/config/readBounded';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

function refusal(file: string): string {
  try {
    readBoundedText(file, 'config');
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return (e as Error).message;
  }
  assert.fail(`${file} was read`);
}

describe('config/readBounded', () => {
  let tmp: TmpDir;
  beforeEach(() => {
    tmp = makeTmpDir('mf-bounded-');
  });
  afterEach(() => tmp.cleanup());

  it('reads a regular file up to the cap exactly', () => {
    assert.equal(readBoundedText(tmp.write('a.yaml', 'domains: {}\n'), 'config'), 'domains: {}\n');
    const full = tmp.write('full.txt', 'x'.repeat(MAX_INPUT_BYTES));
    assert.equal(readBoundedText(full, 'config').length, MAX_INPUT_BYTES);
  });

  it('refuses one byte over the cap, naming the file and the cap', () => {
    const big = tmp.write('big.txt', 'x'.repeat(MAX_INPUT_BYTES + 1));
    assert.equal(refusal(big), `${big}: cannot read config: ${MAX_INPUT_BYTES + 1} bytes is over the 4 MiB cap on input files`);
  });

  it('refuses a directory, a device and a FIFO without blocking on it', function () {
    assert.match(refusal(tmp.path), /: cannot read config: not a regular file \(a directory\); only regular files of at most 4 MiB are read$/);
    assert.match(refusal('/dev/zero'), /^\/dev\/zero: cannot read config: not a regular file \(a character device\)/);
    const fifo = join(tmp.path, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    assert.match(refusal(fifo), /pipe: cannot read config: not a regular file \(a FIFO\)/);
  });

  it('a missing file says so', () => {
    assert.equal(refusal(join(tmp.path, 'nope.yaml')), `${join(tmp.path, 'nope.yaml')}: cannot read config: ENOENT`);
  });
});
