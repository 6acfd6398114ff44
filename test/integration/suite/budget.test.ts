// The budget controls in the editor (R2.7), inside the real extension host: runs on a priced
// model (gpt-4.1-mini's list price) over real HTTP to the local Hanoi server (test/support), set
// through the extension's settings. The warning arrives once as an event and a notification; the
// projected total is in the panel's figures; the per-step cap pauses with its tally and resumes.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { EngineEvent } from '../../../src/engine/events';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';
import { api, explain, runTask, waitFor } from './helpers';

const settings = () => vscode.workspace.getConfiguration('microfactory');

async function withSettings<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries(values)) await settings().update(k, v, vscode.ConfigurationTarget.Global);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(values)) await settings().update(k, undefined, vscode.ConfigurationTarget.Global);
  }
}

suite('Budget controls (priced model over HTTP)', () => {
  let server: LlmServer;
  const shown: string[] = [];
  const original = vscode.window.showWarningMessage;
  suiteSetup(async () => {
    server = await startHanoiServer({ errorRate: 0.3, seed: 21 });
    // Spy on warnings the extension shows (the same window API object in this host).
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (msg: string, ...items: unknown[]) => {
      shown.push(msg);
      return (original as (...a: unknown[]) => Thenable<unknown>)(msg, ...items);
    };
  });
  suiteTeardown(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    await server.close();
  });
  const priced = () => ({ provider: 'openai-compatible', model: 'gpt-4.1-mini', baseUrl: server.baseUrl('openai'), apiKey: 'x' });

  test('the warnUsd setting: one budget_warning event and one notification, the run goes on, the session records it', async () => {
    const a = await api();
    const events: EngineEvent[] = [];
    const sub = a.onEvent((e) => events.push(e));
    shown.length = 0;
    try {
      const outcome = await withSettings({ warnUsd: 0.001 }, () => runTask({ prompt: 'Solve Towers of Hanoi with 4 disks', domain: 'hanoi', overrides: { ...priced(), disks: 4 } }));
      assert.strictEqual(outcome.status, 'completed', await explain(outcome.sessionId));
      const warned = events.filter((e) => e.type === 'budget_warning' && e.sessionId === outcome.sessionId);
      assert.strictEqual(warned.length, 1);
      assert.strictEqual(shown.filter((m) => m.includes('past its warning mark of $0.0010')).length, 1, shown.join('\n'));
      const s = (await a.openStore()).getSession(outcome.sessionId)!;
      assert.ok(s.metadata.budgetWarned && s.metadata.budgetWarned.spentUsd >= 0.001);
      assert.strictEqual(s.metadata.warnUsd, 0.001);
    } finally {
      sub.dispose();
    }
  });

  test('a warning at or past the budget is refused before a session exists', async () => {
    const a = await api();
    const before = (await a.openStore()).listSessions({ limit: 1000 }).length;
    await assert.rejects(
      withSettings({ warnUsd: 0.5, budgetUsd: 0.1 }, () => runTask({ prompt: 'Solve Towers of Hanoi with 3 disks', domain: 'hanoi', overrides: priced() })),
      /--warn-usd \(0\.5\) must be below --budget-usd \(0\.1\)/,
    );
    assert.strictEqual((await a.openStore()).listSessions({ limit: 1000 }).length, before);
  });

  test('the projected total: in the panel of a session paused on its budget, a range around spent + remaining', async () => {
    const a = await api();
    const outcome = await runTask({ prompt: 'Solve Towers of Hanoi with 6 disks', domain: 'hanoi', overrides: { ...priced(), disks: 6, budgetUsd: 0.004 } });
    assert.strictEqual(outcome.status, 'paused', await explain(outcome.sessionId));
    assert.strictEqual(outcome.waitState?.trigger, 'budget');
    const data = await waitFor('panel data', () => a.panelData(outcome.sessionId));
    assert.match(data.session.figures.projected, /^\$0\.\d+ \(\$0\.\d+–\$0\.\d+\)$/);
    const m = (await a.openStore()).getSession(outcome.sessionId)!.metrics;
    const mid = Number(/^\$([\d.]+)/.exec(data.session.figures.projected)![1]);
    const expected = m.costUsd + (m.stepsTotal - m.stepsCompleted) * (m.samples / m.stepsSampled!) * (m.costUsd / m.samples);
    assert.ok(Math.abs(mid - expected) < 0.006, `${mid} vs ${expected}`);
  });

  test('the maxStepUsd setting: a race that would pass it pauses with its tally; resuming lets it go on', async () => {
    const a = await api();
    // ~4.5 samples' worth: three drawn at once, a contested race pauses before its fifth.
    const outcome = await withSettings({ maxStepUsd: 0.0009 }, () => runTask({ prompt: 'Solve Towers of Hanoi with 6 disks', domain: 'hanoi', overrides: { ...priced(), disks: 6 } }));
    assert.strictEqual(outcome.status, 'paused', await explain(outcome.sessionId));
    assert.strictEqual(outcome.waitState?.trigger, 'step_budget');
    assert.match(outcome.waitState!.details, /this step has spent \$0\.\d+ of its \$0\.0009 cap \(\d+ samples, votes so far \d+(–\d+)*\)/);
    const data = await waitFor('panel data', () => a.panelData(outcome.sessionId));
    assert.ok(data, 'the panel opened on the pause');
    await waitFor('the pause notification', () => shown.some((m) => m.includes('the step reached its cost cap')));
    let last = outcome;
    for (let i = 0; i < 40 && last.status === 'paused'; i++) {
      assert.strictEqual(last.waitState?.trigger, 'step_budget');
      last = (await vscode.commands.executeCommand('microfactory.resumeSession', { sessionId: outcome.sessionId })) as typeof outcome;
    }
    assert.strictEqual(last.status, 'completed', await explain(outcome.sessionId));
  });
});
