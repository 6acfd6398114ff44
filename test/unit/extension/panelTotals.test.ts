// The extension's session panel reads the session's totals from the store: for a tree session
// paused mid-tree they are the sums over its steps (the waiting and unfinished ones included).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { sessionFigures } from '../../../src/app/labels';
import { stepJson } from '../../../src/app/json';
import { startRun } from '../../../src/app/session';
import { votesText } from '../../../src/cli/output';
import { buildPanelData } from '../../../src/extension/panel/panelData';
import { openStore } from '../../../src/store';
import { makeTreeFixture } from '../../support/treeFixture';

describe('extension panel: totals of a paused tree session', () => {
  it('equal the sums over the steps it shows', async () => {
    const fx = makeTreeFixture();
    const store = await openStore(fx.storePath);
    try {
      const run = await startRun(
        { prompt: 'Write a two part note about voting', domain: 'notes', configPath: fx.configPath, provider: 'scripted', scriptPath: fx.scriptPath },
        { store, resourceRoot: resolve(__dirname, '../../../..') },
      );
      assert.equal((await run.done).status, 'paused');
      const panel = buildPanelData(store, run.sessionId, { running: false, trusted: true, untrustedReason: '' })!;
      const m = panel.session.metrics;
      assert.ok(panel.steps.some((s) => s.status !== 'completed' && s.samples > 0), 'a step that did not finish drew samples');
      assert.equal(m.stepsTotal, panel.steps.length);
      assert.equal(m.stepsCompleted, panel.steps.filter((s) => s.status === 'completed').length);
      assert.equal(m.samples, panel.steps.reduce((a, s) => a + s.samples, 0));
      assert.equal(m.tokensIn, panel.steps.reduce((a, s) => a + s.tokensIn, 0));
      // One source for every figure: the cards (and the tree's tooltip, which calls the same
      // function) read the stored totals; the red-flag list's heading counts what the cards count.
      const stored = store.getSession(run.sessionId)!;
      assert.equal(panel.newestFirst, false, 'a tree session\'s table lists its steps in the tree\'s order');
      assert.deepEqual(panel.session.figures, sessionFigures(stored.metrics, 'scripted'));
      assert.equal(panel.flagsTotal, stored.metrics.redFlags);
      assert.equal(panel.flagsTotal, panel.steps.reduce((a, s) => a + s.redFlags, 0));
      // One wording of a vote: the panel, the CLI's status table and serve's JSON.
      for (const s of panel.steps.filter((x) => x.k !== null)) {
        const st = store.getStep(run.sessionId, s.id)!;
        assert.equal(s.votesLabel, votesText(st.metrics.tally ?? st.metrics.decompositionTally));
        if (st.metrics.tally) assert.equal(stepJson(st).votes_label, s.votesLabel);
      }
    } finally {
      await store.close();
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });
});
