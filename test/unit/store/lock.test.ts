import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { FileLock, LockTimeoutError } from '../../../src/store/disk/lock';
import { tmpStoreFile } from '../../support/store-fixtures';

/** A pid that surely belonged to a process which has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('store: lock file', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let lockFile: string;
  beforeEach(() => {
    tmp = tmpStoreFile();
    lockFile = `${tmp.file}.lock`;
  });
  afterEach(() => tmp.cleanup());

  it('is exclusive while held, and free after release', () => {
    const a = new FileLock(lockFile, 'a');
    const b = new FileLock(lockFile, 'b');
    assert.equal(a.tryAcquire(), true);
    assert.equal(b.tryAcquire(), false);
    a.release();
    assert.equal(fs.existsSync(lockFile), false);
    assert.equal(b.tryAcquire(), true);
    b.release();
  });

  it('breaks a lock whose process is dead', () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: deadPid(), host: os.hostname(), tag: 'x', at: new Date().toISOString() }));
    const l = new FileLock(lockFile, 'me');
    assert.equal(l.tryAcquire(), true);
    assert.equal(JSON.parse(fs.readFileSync(lockFile, 'utf8')).tag, 'me');
    l.release();
  });

  it('breaks a lock held too long by a live process, but not a fresh one', () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: os.hostname(), tag: 'other', at: 'x' }));
    assert.equal(new FileLock(lockFile, 'me', 60_000).tryAcquire(), false);
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(lockFile, old, old);
    const l = new FileLock(lockFile, 'me', 60_000);
    assert.equal(l.tryAcquire(), true);
    l.release();
  });

  it('times out with the holder named', async () => {
    const a = new FileLock(lockFile, 'a');
    assert.equal(a.tryAcquire(), true);
    await assert.rejects(new FileLock(lockFile, 'b').acquire(50), (err: unknown) => err instanceof LockTimeoutError && /pid \d+/.test(err.message));
    a.release();
  });

  it('does not remove a lock that is no longer its own', () => {
    const a = new FileLock(lockFile, 'a');
    assert.equal(a.tryAcquire(), true);
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: os.hostname(), tag: 'someone-else', at: 'x' }));
    a.release();
    assert.equal(fs.existsSync(lockFile), true);
  });
});
