// The journal's bytes on disk are a format: journals written by an older build must still replay.
// LEGACY_JOURNAL below is a literal journal as the store wrote it before lines had checksums, one
// record of every operation code (cs, pw with a compacted winner sample, ps, as, rj, ds, us);
// JOURNAL is the same records as the store writes them now, each line ending in a tab and the
// CRC32 of its JSON (src/store/journal/lineCheck.ts). The writer must produce JOURNAL's exact
// bytes, and replaying either as a dead writer's journal must give the same rows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SampleRecord, SessionRecord, StepRecord } from '../../../src/engine/model';
import { silentLogger } from '../../../src/engine/ports';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { tmpStoreFile } from '../../support/store-fixtures';

const T = '2025-01-01T00:00:00.000Z';
const STEP_METRICS = '"metrics":{"samplesRequested":2,"samplesRetained":2,"resamples":0,"redFlags":{},"durationMs":1,"tokensIn":2,"tokensOut":2,"costUsd":0,"tally":{"k":2,"counts":{"a":2},"winner":"a","lead":2,"margin":2,"votes":2,"decidedBy":"lead","rounds":1}}';
const SAMPLE_TAIL = '"flags":[],"rejected":false,"tokensIn":1,"tokensOut":1,"finish":"stop","temperature":0,"latencyMs":1,"model":"m"';

const RECORDS = [
  `{"o":"cs","v":{"id":"c","prompt":"p","domain":"hanoi","flow":"chain","status":"running","createdAt":"${T}","updatedAt":"${T}","waitState":null,"metrics":{"stepsTotal":0,"stepsCompleted":0,"samples":0,"redFlags":0,"resamples":0,"tokensIn":0,"tokensOut":0,"costUsd":0,"maxVotesPerStep":0,"wallMs":0},"metadata":{"k":2}}}`,
  `{"o":"pw","s":"c","v":{"id":"s0","parentId":null,"depth":0,"index":0,"description":"move 0","status":"completed","phase":"done","winnerText":"W",${STEP_METRICS},"updatedAt":"${T}"},` +
    `"x":[{"stepId":"s0","role":"solver","seq":0,${SAMPLE_TAIL},"w":1},{"stepId":"s0","role":"solver","seq":1,"text":"X","key":"b",${SAMPLE_TAIL}}]}`,
  `{"o":"ps","s":"c","v":{"id":"s1","parentId":null,"depth":0,"index":1,"description":"move 1","status":"completed","phase":"done","winnerText":"W",${STEP_METRICS},"updatedAt":"${T}"}}`,
  `{"o":"as","s":"c","v":[{"stepId":"s1","role":"solver","seq":0,"text":"W","key":"a",${SAMPLE_TAIL}}]}`,
  `{"o":"rj","s":"c","st":"s1","r":"solver","q":0}`,
  `{"o":"ps","s":"c","v":{"id":"s2","parentId":null,"depth":0,"index":2,"description":"move 2","status":"failed","phase":"done","winnerText":"W",${STEP_METRICS},"updatedAt":"${T}"}}`,
  `{"o":"ds","s":"c","ids":["s2"]}`,
  `{"o":"us","id":"c","p":{"status":"paused","updatedAt":"${T}"}}`,
];
const LEGACY_JOURNAL = Buffer.from(RECORDS.map((r) => `${r}\n`).join(''), 'utf8');
const CHECKSUMS = ['d2cec419', 'ab66aa43', 'daf3f7e9', 'a102fd5a', 'ba39b9d1', 'bc8a51a2', 'ea582708', '436679d5'];
const JOURNAL = Buffer.from(RECORDS.map((r, i) => `${r}\t${CHECKSUMS[i]}\n`).join(''), 'utf8');

const session: SessionRecord = {
  id: 'c', prompt: 'p', domain: 'hanoi', flow: 'chain', status: 'running', createdAt: T, updatedAt: T, waitState: null,
  metrics: { stepsTotal: 0, stepsCompleted: 0, samples: 0, redFlags: 0, resamples: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, maxVotesPerStep: 0, wallMs: 0 },
  metadata: { k: 2 },
};

function step(i: number, status: StepRecord['status'] = 'completed'): StepRecord {
  return {
    id: `s${i}`, parentId: null, depth: 0, index: i, description: `move ${i}`, status, phase: 'done', winnerText: 'W',
    metrics: { samplesRequested: 2, samplesRetained: 2, resamples: 0, redFlags: {}, durationMs: 1, tokensIn: 2, tokensOut: 2, costUsd: 0, tally: { k: 2, counts: { a: 2 }, winner: 'a', lead: 2, margin: 2, votes: 2, decidedBy: 'lead', rounds: 1 } },
    updatedAt: T,
  };
}

function sample(stepId: string, seq: number, text: string, key: string): SampleRecord {
  return { stepId, role: 'solver', seq, text, key, flags: [], rejected: false, tokensIn: 1, tokensOut: 1, finish: 'stop', temperature: 0, latencyMs: 1, model: 'm' };
}

/** The writes that JOURNAL records, through the public API. */
function writeAll(s: SqlSessionStore): void {
  s.createSession(session);
  s.putStepWithSamples('c', step(0), [sample('s0', 0, 'W', 'a'), sample('s0', 1, 'X', 'b')]);
  s.putStep('c', step(1));
  s.addSamples('c', [sample('s1', 0, 'W', 'a')]);
  s.markSampleRejected('c', 's1', 'solver', 0);
  s.putStep('c', step(2, 'failed'));
  s.deleteSteps('c', ['s2']);
  s.updateSession('c', { status: 'paused', updatedAt: T });
}

function rows(s: SqlSessionStore): unknown {
  return { session: s.getSession('c'), steps: s.getSteps('c'), s0: s.getSamples('c', 's0'), s1: s.getSamples('c', 's1'), s2: s.getSamples('c', 's2') };
}

describe('store: the journal format on disk', () => {
  let tmp: ReturnType<typeof tmpStoreFile>;
  beforeEach(() => (tmp = tmpStoreFile()));
  afterEach(() => tmp.cleanup());

  it('writes every operation code as the same bytes as before', async () => {
    const s = await openStore(tmp.file, { checkpointIntervalMs: 0 });
    try {
      writeAll(s);
      const journals = fs.readdirSync(tmp.dir).filter((n) => n.includes('.journal-'));
      assert.equal(journals.length, 1, journals.join(', '));
      assert.equal(fs.readFileSync(path.join(tmp.dir, journals[0]), 'utf8'), JOURNAL.toString('utf8'));
    } finally {
      await s.close();
    }
  });

  for (const [form, bytes] of [['with checksums', JOURNAL], ['without checksums (an older build)', LEGACY_JOURNAL]] as const) {
    it(`replays a journal ${form} into the same rows as the live writes`, async () => {
      const expected = (await liveRows(tmp.file)) as { session: SessionRecord };
      // A dead writer's session gets its totals summed again from the replayed steps (store/recovery.ts):
      // two completed steps of 2 samples and 2 + 2 tokens each (and the spread of samples per step,
      // engine/projection.ts: 2 steps sampled, 2² + 2²); the live writes never set them.
      Object.assign(expected.session.metrics, { stepsCompleted: 2, samples: 4, tokensIn: 4, tokensOut: 4, maxVotesPerStep: 2, stepsSampled: 2, samplesSq: 8 });
      const replayed = await adoptJournal(bytes);
      try {
        assert.equal(replayed.store.checkpointStats().journalsAdopted, 1);
        assert.deepEqual(rows(replayed.store), expected);
        assert.equal(replayed.store.getSession('c')!.status, 'paused');
        assert.deepEqual(replayed.store.getSteps('c').map((st) => st.id), ['s0', 's1']);
        assert.deepEqual(replayed.store.getSamples('c', 's0').map((x) => [x.text, x.key]), [['W', 'a'], ['X', 'b']]);
        assert.equal(replayed.store.getSamples('c', 's1')[0].rejected, true);
      } finally {
        await replayed.close();
      }
    });
  }

  it('refuses a line whose bytes changed, says what it held, and notes the damage on its session', async () => {
    // One digit of step s0's description changes: still valid JSON, so only the checksum can tell.
    const damaged = Buffer.from(JOURNAL.toString('utf8').replace('"description":"move 0"', '"description":"move 9"'), 'utf8');
    const warnings: string[] = [];
    const replayed = await adoptJournal(damaged, warnings);
    try {
      assert.deepEqual(replayed.store.getSteps('c').map((st) => st.id), ['s1']);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /line 2 of .*journal.* is damaged \(checksum mismatch\) and was not applied; it held a step \(with its samples\) of session c, step index 0/);
      assert.match(replayed.store.getSession('c')!.damage ?? '', /1 damaged journal line\(s\).*\(lines 2\).*step\(s\) 1;/);
    } finally {
      await replayed.close();
    }
  });
});

async function liveRows(file: string): Promise<unknown> {
  const live = await openStore(file, { checkpointIntervalMs: 0 });
  try {
    writeAll(live);
    return rows(live);
  } finally {
    await live.close();
  }
}

/** A new store that finds `bytes` as a dead writer's journal beside it and adopts them at open. */
async function adoptJournal(bytes: Buffer, warnings: string[] = []): Promise<{ store: SqlSessionStore; close: () => Promise<void> }> {
  const other = tmpStoreFile();
  // A tag no open store in this process holds: a dead writer's journal, adopted at open.
  fs.writeFileSync(`${other.file}.journal-${process.pid}-0badc0de-000000`, bytes);
  const log = { ...silentLogger, warn: (m: string) => warnings.push(m) };
  const store = await openStore(other.file, { checkpointIntervalMs: 0, log });
  return {
    store,
    close: async () => {
      await store.close();
      other.cleanup();
    },
  };
}
