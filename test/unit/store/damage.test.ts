// The store after a writer was killed with SIGKILL and its files were then damaged: the session
// comes back from the journal's session head, rows come back from a garbled DB file, a missing
// segment marks only its own session damaged, and a sound store reports no damage at all.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore, StoreCorruptError } from '../../../src/store';
import { chainStep, killedStoreChild, makeSession, tmpStoreFile } from '../../support/store-fixtures';

/** A store-child writing a long chain, killed with SIGKILL after `steps` steps (several checkpoints and seals). */
function killedWriter(file: string, steps: number): Promise<void> {
  return killedStoreChild(file, steps, { segmentSteps: 300, recentSteps: 50 });
}

function capture() {
  const errors: string[] = [];
  return { errors, log: { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) } };
}

const journals = (dir: string) => fs.readdirSync(dir).filter((f) => /\.journal-/.test(f));

describe('store: damage stays inside its session', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tmpStoreFile>;
  beforeEach(() => (tmp = tmpStoreFile()));
  afterEach(() => tmp.cleanup());

  it('a sound SIGKILL recovery reports no damage', async () => {
    await killedWriter(tmp.file, 1500);
    const { errors, log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      assert.deepEqual(errors, []);
      assert.equal(store.getSession('crash')!.damage, undefined);
      assert.deepEqual(store.health().sessions, [{ id: 'crash', state: 'ok', detail: '' }]);
    } finally {
      await store.close();
    }
  });

  it('every journal file starts with the session head: a lost DB file still gives the session back, marked damaged', async () => {
    await killedWriter(tmp.file, 1500);
    assert.ok(journals(tmp.dir).length > 0);
    for (const j of journals(tmp.dir)) assert.match(fs.readFileSync(path.join(tmp.dir, j), 'utf8'), /^\{"o":"cs","v":\{"id":"crash"/, `${j} starts with the session head`);
    fs.rmSync(tmp.file);
    const { errors, log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      const s = store.getSession('crash');
      assert.ok(s, 'the session row was rebuilt from the journal');
      assert.match(s.damage ?? '', /chain steps .* lost/);
      assert.equal(errors.filter((e) => e.includes('crash')).length, 1, errors.join('\n'));
      assert.equal(store.health().sessions[0].state, 'damaged');
    } finally {
      await store.close();
    }
    assert.deepEqual(journals(tmp.dir), [], 'the journal landed in its session, so it was deleted');
  });

  it('a garbled DB file: its readable rows come back, also for a caller that asked for the error', async () => {
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    store.createSession(makeSession('c'));
    for (let i = 0; i < 400; i++) store.putStep('c', chainStep(i));
    await store.close();
    const bytes = fs.readFileSync(tmp.file);
    // Pages 15-20: past the tables' root pages, among the step rows (the layout is deterministic).
    for (let off = 14 * 4096; off < 20 * 4096; off++) bytes[off] = (off * 7919) & 0xff;
    fs.writeFileSync(tmp.file, bytes);
    await assert.rejects(openStore(tmp.file), (err: unknown) => {
      assert.ok(err instanceof StoreCorruptError);
      assert.match(err.message, /Recovered from it: 1 session\(s\), \d+ step/);
      return true;
    });
    const again = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      assert.ok(again.getSession('c'), 'the next open starts from the rows saved');
      // 200 steps were sealed in a segment file, 200 in the DB: most of those come back too.
      assert.ok(again.countSteps('c') > 300, `${again.countSteps('c')} of 400 steps came back`);
    } finally {
      await again.close();
    }
    assert.equal(fs.readdirSync(tmp.dir).filter((f) => f.includes('.corrupt-')).length, 1, 'the damaged file is kept');
  });

  it('a missing segment file marks only its session damaged; the store opens and other sessions are written', async () => {
    await killedWriter(tmp.file, 1500);
    const segDir = path.join(`${tmp.file}.segments`, 'crash');
    const [gone] = fs.readdirSync(segDir).sort();
    const saved = fs.readFileSync(path.join(segDir, gone));
    fs.rmSync(path.join(segDir, gone));
    const { errors, log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      assert.match(store.getSession('crash')!.damage ?? '', new RegExp(`segment file ${gone.replace(/\./g, '\\.')} is missing`));
      assert.match(errors.join('\n'), /session crash is damaged/);
      store.createSession(makeSession('other'));
      for (let i = 0; i < 10; i++) store.putStep('other', chainStep(i));
      await store.flush();
      const h = store.health();
      assert.deepEqual(h.sessions.map((s) => [s.id, s.state]), [['crash', 'damaged'], ['other', 'ok']]);
      // The file comes back (from a backup): a repair finds the session whole and clears the note.
      fs.writeFileSync(path.join(segDir, gone), saved);
      const fixed = await store.repair();
      assert.deepEqual(fixed.sessions.map((s) => [s.id, s.state]), [['crash', 'recovered'], ['other', 'ok']]);
      assert.equal(store.getSession('crash')!.damage, undefined);
    } finally {
      await store.close();
    }
    const reopened = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      assert.equal(reopened.getSession('crash')!.damage, undefined, 'the repair was saved');
    } finally {
      await reopened.close();
    }
  });
});
