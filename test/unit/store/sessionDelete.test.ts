// Deleting and archiving sessions (app/sessionAdmin.ts over store.deleteSession and the archived
// flag): through the journal and the checkpoint merge, so a second writer on the same file (as
// another process would be) neither keeps a deleted session alive nor loses an archive.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { newLease } from '../../../src/app/lease';
import { deleteSession, removalText, setArchived } from '../../../src/app/sessionAdmin';
import type { SqlSessionStore } from '../../../src/store';
import { chainStep, makeSession, samplesFor, tmpStoreFile, twoWritersPerTest } from '../../support/store-fixtures';

const segmentFiles = (file: string): string[] => {
  const root = `${file}.segments`;
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : out.push(e.name);
  };
  walk(root);
  return out;
};

describe('store: deleting and archiving sessions', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  let a: SqlSessionStore;
  let b: SqlSessionStore;
  const opts = { checkpointIntervalMs: 0, reloadMinIntervalMs: 0, chain: { recentSteps: 10, segmentSteps: 20 } };

  twoWritersPerTest(opts, (w) => {
    ({ tmp, a, b } = w);
  });

  it('delete removes the rows and the segment files, says how many, and another writer\'s checkpoint does not bring it back', async () => {
    a.createSession(makeSession('GONE'));
    a.createSession(makeSession('KEPT'));
    for (let i = 0; i < 60; i++) a.putStepWithSamples('GONE', chainStep(i), samplesFor(`step-${i}`, 2));
    a.putStep('KEPT', chainStep(0));
    await a.flush();
    assert.ok(segmentFiles(tmp.file).length > 0, 'the long chain has segment files to remove');
    assert.ok(b.reloadIfChanged());
    b.putStep('KEPT', chainStep(1)); // b has pending records of its own when it merges

    // Retention keeps the samples of the recent window only: the count is of what was stored.
    const stored = a.getSteps('GONE').reduce((n, st) => n + a.getSamples('GONE', st.id).length, 0);
    assert.ok(stored > 0);
    const removed = await deleteSession(a, 'GONE');
    assert.equal(removed.steps, 60);
    assert.equal(removed.samples, stored);
    assert.ok(removed.segmentFiles >= 1);
    assert.equal(removalText(removed), `60 steps, ${stored} samples and ${removed.segmentFiles} segment file${removed.segmentFiles === 1 ? '' : 's'}`);
    assert.equal(a.getSession('GONE'), undefined);
    assert.equal(a.countSteps('GONE'), 0);
    assert.deepEqual(segmentFiles(tmp.file), [], 'its segment files are gone once deleteSession returns (it checkpoints)');

    await b.flush(); // merges a's file under b's own records
    assert.equal(b.getSession('GONE'), undefined, 'the other writer does not write back its stale copy');
    assert.deepEqual(b.getSteps('KEPT').map((s) => s.index), [0, 1]);
    assert.ok(a.reloadIfChanged());
    assert.equal(a.getSession('GONE'), undefined);
    assert.deepEqual(a.listSessions().map((s) => s.id), ['KEPT']);
  });

  it('a session a live run holds is neither deleted nor archived; an unknown one is a usage error', async () => {
    a.createSession(makeSession('RUN', 'chain', { status: 'running', lease: newLease() }));
    await assert.rejects(deleteSession(a, 'RUN'), /session RUN is running \(pid \d+ on .+\); cancel it before you delete it/);
    await assert.rejects(setArchived(a, 'RUN', true), /cancel it before you archive it/);
    assert.ok(a.getSession('RUN'));
    await assert.rejects(deleteSession(a, 'NOPE'), (e: Error) => e.constructor.name === 'UsageError' && /no session NOPE/.test(e.message));
  });

  it('archived sessions leave the default list, keep their place in time, show with archived: true / every session, and come back', async () => {
    a.createSession(makeSession('OLD', 'chain', { updatedAt: '2026-01-01T00:00:00.000Z', status: 'completed' }));
    a.createSession(makeSession('NEW', 'chain', { updatedAt: '2026-02-01T00:00:00.000Z', status: 'paused' }));
    const s = await setArchived(a, 'OLD', true);
    assert.equal(s.archived, true);
    assert.equal(s.updatedAt, '2026-01-01T00:00:00.000Z', 'archiving is no progress');
    assert.deepEqual(a.listSessions({ archived: false }).map((x) => x.id), ['NEW']);
    assert.deepEqual(a.listSessions({ archived: true }).map((x) => x.id), ['OLD']);
    assert.deepEqual(a.listSessions().map((x) => x.id), ['NEW', 'OLD']);
    assert.ok(b.reloadIfChanged());
    assert.deepEqual(b.listSessions({ archived: false }).map((x) => x.id), ['NEW'], 'another process sees the archive');
    await setArchived(b, 'OLD', false);
    assert.ok(a.reloadIfChanged());
    assert.deepEqual(a.listSessions({ archived: false }).map((x) => x.id), ['NEW', 'OLD']);
    assert.equal(a.getSession('OLD')!.archived, undefined);
  });
});
