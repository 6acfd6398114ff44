// What the session panel's webview is handed (src/extension/panel/panelData.ts): a real Hanoi
// run on the simulated model, and a long session written to a real store the way the engine
// writes one (a window of the last steps, red flags newest first, the wait it is paused on).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startRun } from '../../../src/app/session';
import type { SampleRecord } from '../../../src/engine/model';
import type { SessionStore } from '../../../src/engine/ports';
import { formatTokens, topTwo } from '../../../src/extension/format';
import { buildPanelData, MAX_STEPS } from '../../../src/extension/panel/panelData';
import { chainStep, contestedStep, makeSession, samplesFor, storePerTest, T0 } from '../../support/store-fixtures';

const TRUSTED = { running: false, trusted: true, untrustedReason: 'not trusted' };

describe('extension panel: the data a session panel shows', () => {
  let store: SessionStore;
  storePerTest('mf-panel-', (s) => (store = s));

  it('a finished Hanoi run: every step in order, its move, its votes, and nothing spent', async () => {
    const run = await startRun(
      { prompt: 'Solve Towers of Hanoi with 3 disks', domain: 'hanoi', provider: 'simulated', disks: 3, errorRate: 0.25, seed: 11 },
      { store, resourceRoot: resolve(__dirname, '../../../..') },
    );
    assert.equal((await run.done).status, 'completed');
    const panel = buildPanelData(store, run.sessionId, TRUSTED)!;
    assert.equal(panel.session.status, 'completed');
    assert.equal(panel.session.provider, 'simulated');
    assert.equal(panel.stepsTotal, 7);
    assert.deepEqual(panel.steps.map((s) => s.index), [0, 1, 2, 3, 4, 5, 6]);
    assert.ok(panel.steps.every((s) => /^move \[\d, \d, \d\]$/.test(s.description)), panel.steps.map((s) => s.description).join(' | '));
    for (const s of panel.steps) {
      const tally = store.getStep(run.sessionId, s.id)!.metrics.tally!;
      assert.deepEqual([s.k, s.winnerVotes, s.runnerUp, s.margin, s.decidedBy], [tally.k, ...topTwo(tally), tally.margin, tally.decidedBy]);
      assert.ok(s.winnerVotes - s.runnerUp >= s.k!, `step ${s.index} was decided ahead by k: ${s.winnerVotes}–${s.runnerUp}`);
    }
    assert.ok(panel.steps.some((s) => s.runnerUp > 0), 'an error rate of 25% contests at least one race');
    assert.equal(panel.session.metrics.samples, panel.steps.reduce((a, s) => a + s.samples, 0));
    assert.ok(panel.steps.every((s) => s.costUsd === 0 && s.costLabel === '$0 (simulated)'), 'the simulated model is free, and says why');
    assert.equal(panel.session.costLabel, '$0 (simulated)');
    assert.equal(panel.session.verdict, 'solved', 'a Hanoi session says solved, as the CLI does');
    assert.equal(panel.newestFirst, true, 'a chain lists newest first in the table, as in the tree');
    const m = panel.session.metrics;
    assert.equal(panel.session.tokensLabel, `${formatTokens(m.tokensIn)} / ${formatTokens(m.tokensOut)}`);
    assert.ok(m.tokensIn >= 1000 && /^\d+(\.\d)?k \/ \d/.test(panel.session.tokensLabel), panel.session.tokensLabel);
    const first = panel.steps[0];
    assert.equal(first.votesLabel, `k=${first.k} · ${first.counts.join('–')}${first.counts.length === 1 ? '–0' : ''} · margin ${first.margin}`, 'a race decided by its lead has no suffix');
    assert.ok(panel.steps.every((s) => Number.isInteger(s.margin)), 'margins are whole votes');
    assert.equal(panel.wait, null);
    assert.equal(panel.untrustedReason, undefined, 'a trusted workspace has no reason to show');
  });

  it('a long paused session: the last steps only, flags newest first and bounded, the wait explained', () => {
    const total = MAX_STEPS + 50;
    store.createSession(makeSession('long', 'chain', {
      status: 'paused',
      waitState: { stepId: `step-${total - 1}`, trigger: 'low_margin', details: 'margin 1 < 2', at: T0 },
    }));
    for (let i = 0; i < total; i++) {
      const flagged = i % 3 === 0;
      const st = flagged ? contestedStep(i) : chainStep(i, { output: undefined, description: `step ${i + 1} of ${total}` });
      if (flagged) st.metrics = { ...st.metrics, redFlags: { format: 2 }, costUsd: 0.002 };
      store.putStep('long', st);
      const samples: SampleRecord[] = samplesFor(st.id, 3, 'x'.repeat(1000));
      if (flagged) for (const s of samples.slice(0, 2)) s.flags = [{ flagger: 'format', reason: `no next_state in step ${i}` }];
      store.addSamples('long', samples);
    }
    const panel = buildPanelData(store, 'long', { ...TRUSTED, trusted: false, pausedFiles: [] })!;
    assert.equal(panel.stepsTotal, total);
    assert.equal(panel.steps.length, MAX_STEPS);
    assert.deepEqual([panel.steps[0].index, panel.steps.at(-1)!.index], [50, total - 1]);
    const contested = panel.steps.find((s) => s.index === 51)!;
    assert.deepEqual([contested.winnerVotes, contested.runnerUp, contested.redFlags, contested.costUsd], [3, 1, 2, 0.002]);
    assert.deepEqual([contested.votesLabel, contested.tokensLabel, contested.costLabel], ['k=3 · 3–1 · margin 2', '0', '$0.0020']);
    // An undecided chain step's "step n of N" says nothing: the panel falls back to it only when
    // there is nothing better, and a decided one shows its move.
    assert.equal(panel.steps.find((s) => s.index === 52)!.description, `step 53 of ${total}`);
    assert.equal(contested.description, 'move [1, 0, 2]');

    assert.equal(panel.flags.length, 40, 'at most 40 flagged samples, however many there are');
    assert.deepEqual(panel.flags.slice(0, 3).map((f) => [f.stepLabel, f.seq]), [['#250 move 249', 0], ['#250 move 249', 1], ['#247 move 246', 0]]);
    assert.deepEqual(panel.flags[0].reasons, ['format: no next_state in step 249']);
    assert.equal(panel.flags[0].preview.length, 400);

    assert.deepEqual(panel.wait && { why: panel.wait.why, stepLabel: panel.wait.stepLabel, decision: panel.wait.decision, hasDiff: panel.wait.hasDiff }, {
      why: 'the vote was too close', stepLabel: `#${total} move ${total - 1}`, decision: true, hasDiff: false,
    });
    assert.deepEqual([panel.trusted, panel.untrustedReason], [false, 'not trusted']);
  });

  it('a paused candidate with files has a diff; a quota pause asks no decision; no session, no panel', () => {
    store.createSession(makeSession('q', 'tree', { status: 'paused', waitState: { stepId: 'gone', trigger: 'quota', details: '', at: T0 } }));
    const panel = buildPanelData(store, 'q', { ...TRUSTED, pausedFiles: ['src/a.ts'] })!;
    assert.deepEqual([panel.wait?.stepLabel, panel.wait?.decision, panel.wait?.hasDiff, panel.wait?.files], ['gone', false, true, ['src/a.ts']]);
    assert.deepEqual([panel.steps, panel.flags, panel.stepsTotal], [[], [], 0]);
    assert.equal(buildPanelData(store, 'missing', TRUSTED), undefined);
  });
});

describe('extension panel: verification and undone steps', () => {
  let store: SessionStore;
  storePerTest('mf-panel-verify-', (s) => (store = s));

  it('an applied step shows its verifier; an undone one says so, and the session counts it', () => {
    store.createSession(makeSession('t', 'tree', { status: 'completed', metadata: { provider: 'openai-compatible' } }));
    const verification = { command: 'npm test --silent', exitCode: 0, passed: true, output: 'ok\n', durationMs: 1234, attempt: 1 };
    const files = [{ path: 'src/a.js', before: 'a', after: 'b' }];
    const applied = chainStep(0, { id: '1.1', parentId: '1', description: 'Change a' });
    applied.changeSet = { applier: 'overwrite_file', applied: true, files };
    applied.metrics = { ...applied.metrics, verification, costUsd: 0, tokensIn: 900, tokensOut: 100 };
    const undone = chainStep(1, { id: '1.2', parentId: '1', description: 'Change a again' });
    undone.changeSet = { applier: 'overwrite_file', applied: false, rolledBack: true, files };
    for (const st of [applied, undone]) store.putStep('t', st);
    const panel = buildPanelData(store, 't', TRUSTED)!;
    const [a, u] = panel.steps;
    assert.deepEqual([a.number, a.applied, a.undone, a.files], ['1.1', true, false, ['src/a.js']]);
    assert.deepEqual(a.verification, { command: 'npm test --silent', exitCode: 0, passed: true, durationMs: 1234, attempt: 1, label: 'verified: exit 0, 1.2 s' });
    assert.equal(a.costLabel, '$0 (unpriced)', 'tokens spent on a model without a price');
    assert.deepEqual([u.applied, u.undone, u.verification], [false, true, null]);
    assert.equal(panel.session.undone, 1);
    assert.equal(panel.session.verdict, null, 'only Hanoi sessions are replayed');
  });
});
