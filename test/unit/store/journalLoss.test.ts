// Records lost whole, which no checksum can catch: a dead writer's journal cut at a line boundary,
// emptied, or deleted, said loudly against the length mark kept beside it (journal/mark.ts); and
// segment files read back after the DB that named them was lost (chain/reindex.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../../../src/store';
import { markOf, readMark } from '../../../src/store/journal/mark';
import { killedStoreChild, tmpStoreFile } from '../../support/store-fixtures';

function capture() {
  const errors: string[] = [];
  return { errors, log: { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) } };
}

/** The dead writer's newest journal (the one holding the steps since its last checkpoint). */
function newestJournal(dir: string): string {
  const seq = (n: string) => Number(/-(\d+)$/.exec(n)![1]);
  const names = fs.readdirSync(dir).filter((n) => /\.journal-\d+-[0-9a-f]+-\d+$/.test(n)).sort((a, b) => seq(a) - seq(b));
  assert.ok(names.length, 'the killed writer left a journal');
  return path.join(dir, names.at(-1)!);
}

/** Keeps the first `keep` whole lines of a journal: a cut at a line boundary reads as a sound, shorter file. */
function keepLines(file: string, keep: number): void {
  const text = fs.readFileSync(file, 'utf8');
  let at = 0;
  for (let i = 0; i < keep; i++) at = text.indexOf('\n', at) + 1;
  fs.writeFileSync(file, text.slice(0, at));
}

describe('store: journal records lost whole are said, and segments outlive a lost DB', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tmpStoreFile>;
  beforeEach(() => (tmp = tmpStoreFile()));
  afterEach(() => tmp.cleanup());

  it('a journal has a length mark beside it, naming its sessions; a sound recovery says nothing and removes both', async () => {
    await killedStoreChild(tmp.file, 600, { segmentSteps: 300, recentSteps: 50 });
    const journal = newestJournal(tmp.dir);
    const mark = readMark(journal);
    assert.ok(mark, `no mark at ${markOf(journal)}`);
    assert.deepEqual(mark.sessions, ['crash']);
    assert.ok(mark.bytes > 0 && mark.bytes <= fs.statSync(journal).size);
    const { errors, log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      assert.deepEqual(errors, []);
      assert.equal(store.getSession('crash')!.damage, undefined);
    } finally {
      await store.close();
    }
    assert.deepEqual(fs.readdirSync(tmp.dir).filter((n) => /\.(journal|jlen)-/.test(n)), []);
  });

  it('a journal cut at a line boundary: the session is marked damaged, saying what was lost', async () => {
    await killedStoreChild(tmp.file, 600, { segmentSteps: 300, recentSteps: 50 });
    const journal = newestJournal(tmp.dir);
    keepLines(journal, 1);
    const { errors, log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      const damage = store.getSession('crash')!.damage ?? '';
      assert.match(damage, new RegExp(`journal ${path.basename(journal)} was cut short: \\d+ of its \\d+ bytes are gone \\(at least \\d+ record\\(s\\) lost\\); resume re-runs what was lost`));
      assert.match(errors.join('\n'), /cut short.*session\(s\) crash marked damaged/);
      assert.equal(store.health().sessions[0].state, 'damaged');
    } finally {
      await store.close();
    }
  });

  it('an emptied journal: the session is marked damaged', async () => {
    await killedStoreChild(tmp.file, 600, { segmentSteps: 300, recentSteps: 50 });
    const journal = newestJournal(tmp.dir);
    fs.truncateSync(journal, 0);
    const { errors, log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      assert.match(store.getSession('crash')!.damage ?? '', /journal .* is empty, and held \d+ bytes/);
      assert.equal(errors.length, 1, errors.join('\n'));
    } finally {
      await store.close();
    }
  });

  it('a deleted journal whose mark remains: the session is marked damaged', async () => {
    await killedStoreChild(tmp.file, 600, { segmentSteps: 300, recentSteps: 50 });
    const journal = newestJournal(tmp.dir);
    fs.rmSync(journal);
    const { log } = capture();
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0, log });
    try {
      assert.match(store.getSession('crash')!.damage ?? '', new RegExp(`journal ${path.basename(journal)} is gone`));
    } finally {
      await store.close();
    }
    assert.equal(fs.existsSync(markOf(journal)), false, 'the mark is removed once said');
  });

  it('a zero-length DB: the steps its segment files hold are read back, not lost', async () => {
    await killedStoreChild(tmp.file, 1500, { segmentSteps: 300, recentSteps: 50 });
    const sealed = fs.readdirSync(path.join(`${tmp.file}.segments`, 'crash')).length;
    assert.ok(sealed >= 2, `${sealed} segment files`);
    fs.truncateSync(tmp.file, 0);
    const store = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      const s = store.getSession('crash')!;
      assert.ok(s, 'the session came back from the journal head');
      // Each sealed segment holds 300 steps (the newest may be open); only the journal's steps would come back without them.
      assert.ok(store.countSteps('crash') >= (sealed - 1) * 300, `${store.countSteps('crash')} steps, ${sealed} segment files`);
      const steps = store.getSteps('crash', { parentId: null, limit: 300 });
      assert.deepEqual(steps.map((st) => st.index), [...Array(300).keys()], 'the first segment reads back in order');
      // Only the DB rows (recent steps) between the segments and the journal are lost, and said.
      assert.match(s.damage ?? '', /chain steps .* lost/);
    } finally {
      await store.close();
    }
    const again = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      assert.ok(again.countSteps('crash') >= (sealed - 1) * 300, 'the rows given back were saved');
    } finally {
      await again.close();
    }
  });
});
