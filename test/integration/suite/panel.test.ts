import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../../../src/extension/panel/sessionPanels';
import { api, explain, runTask, waitFor } from './helpers';
import { writeScript } from './fixtures';

suite('session panel', () => {
  let sessionId = '';
  let flaggedId = '';

  suiteSetup(async () => {
    // A 30% error rate makes the votes disagree: runner-up votes show in the chart.
    const outcome = await runTask({
      prompt: 'Panel <script>alert(1)</script> hanoi',
      domain: 'hanoi',
      overrides: { provider: 'simulated', disks: 3, errorRate: 0.3, seed: 11 },
    });
    assert.strictEqual(outcome.status, 'completed', await explain(outcome.sessionId));
    sessionId = outcome.sessionId;
    // A scripted model whose first answer is malformed (and carries markup): a format red flag.
    const scriptPath = writeScript({
      solver: [{ text: '<script>alert("x")</script> I think the move is left' }, { text: 'move = [1, 0, 2]\nnext_state = [[], [], [1]]', repeat: true }],
    });
    const flagged = await runTask({
      prompt: 'Hanoi with a red flag', domain: 'hanoi', overrides: { provider: 'scripted', scriptPath, disks: 1, samples: 1, k: 1 },
    });
    assert.strictEqual(flagged.status, 'completed', await explain(flagged.sessionId));
    flaggedId = flagged.sessionId;
  });

  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('renders metrics and votes per step under a strict CSP', async () => {
    const a = await api();
    await vscode.commands.executeCommand('microfactory.openSession', { sessionId });
    const data = await waitFor('panel data', () => a.panelData(sessionId));
    assert.strictEqual(data.session.prompt, 'Panel <script>alert(1)</script> hanoi');
    assert.strictEqual(data.steps.length, 7);
    assert.ok(data.steps.every((s) => s.k !== null && s.winnerVotes >= s.k), 'a step lacks its vote');
    assert.strictEqual(data.session.metrics.stepsCompleted, 7);
    assert.ok(data.steps.some((s) => s.runnerUp > 0), 'no contested vote with a 30% error rate');
    const html = a.panel(sessionId)!.webview.html;
    assert.match(html, /default-src 'none'/);
    const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(html)?.[1];
    assert.ok(nonce, 'no script nonce in the CSP');
    assert.ok(html.includes(`<script nonce="${nonce}"`), 'the script does not carry the nonce');
    assert.ok(!html.includes('alert(1)'), 'session data leaked into the HTML');
    const opts = a.panel(sessionId)!.webview.options;
    assert.strictEqual(opts.localResourceRoots?.length, 1);
    assert.match(opts.localResourceRoots![0].path, /\/media$/);
  });

  test('lists red flags with their reason and a preview of the sample, as data', async () => {
    const a = await api();
    await vscode.commands.executeCommand('microfactory.openSession', { sessionId: flaggedId });
    const data = await waitFor('panel data', () => a.panelData(flaggedId));
    assert.strictEqual(data.session.metrics.redFlags, 1);
    assert.strictEqual(data.flags.length, 1);
    assert.match(data.flags[0].reasons[0], /^format: /);
    // The preview is the raw text: media/session.js puts it in the DOM with textContent.
    assert.ok(data.flags[0].preview.startsWith('<script>alert("x")</script>'));
  });

  test('the serializer restores a panel after a reload', async () => {
    const a = await api();
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, {});
    await a.panelSerializer.deserializeWebviewPanel(panel, { sessionId });
    const data = await waitFor('restored panel data', () => a.panelData(sessionId));
    assert.strictEqual(data.session.id, sessionId);
  });
});
