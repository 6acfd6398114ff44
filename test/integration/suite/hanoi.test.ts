import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/app/api';
import { api, runTask } from './helpers';
import type { SessionNode, StepNode, Node } from '../../../src/extension/tree/nodes';

suite('Run Task on hanoi with the simulated model', () => {
  test('4 disks: completes, is in the store and in the Sessions tree with its votes', async () => {
    const a = await api();
    const outcome = await runTask({
      prompt: 'Solve Towers of Hanoi with 4 disks',
      domain: 'hanoi',
      overrides: { provider: 'simulated', disks: 4, seed: 7 },
    });
    assert.strictEqual(outcome.status, 'completed', JSON.stringify(outcome));

    const store = await a.openStore();
    const session = store.getSession(outcome.sessionId);
    assert.ok(session);
    assert.strictEqual(session.metrics.stepsCompleted, 15);
    assert.strictEqual(store.countSteps(outcome.sessionId), 15);
    await store.flush();
    assert.ok(fs.existsSync(a.storePath), 'the store file was not written');

    const roots = (await a.sessions.getChildren()) as Node[];
    const node = roots.find((n): n is SessionNode => n.kind === 'session' && n.session.id === outcome.sessionId);
    assert.ok(node, 'session not in the tree');
    const item = a.sessions.getTreeItem(node);
    assert.match(String(item.description), /^hanoi · completed/);
    const steps = (await a.sessions.getChildren(node)) as StepNode[];
    assert.strictEqual(steps.length, 15);
    // Chains list newest first; every step shows its race as "k=N · a–b".
    assert.strictEqual(steps[0].step.index, 14);
    const stepItem = a.sessions.getTreeItem(steps[0]);
    assert.match(String(stepItem.description), /k=\d+ · \d+–\d+/);
    const candidates = await a.sessions.getChildren(steps[0]);
    assert.ok(candidates.length >= 1 && candidates.every((c) => c.kind === 'candidate'));
  });
});

suite('Cancel', () => {
  test('cancels in-flight calls, saves the session as cancelled, and it resumes to completion', async () => {
    const a = await api();
    let started = '';
    let steps = 0;
    const sub = a.onEvent((e) => {
      if (e.type === 'session_started') started = e.sessionId;
      if (e.type === 'step_completed' && e.sessionId === started && ++steps === 3) {
        void vscode.commands.executeCommand('microfactory.cancelSession', { sessionId: started });
      }
    });
    try {
      const outcome = await runTask({
        prompt: 'Solve Towers of Hanoi with 6 disks, slowly',
        domain: 'hanoi',
        overrides: { provider: 'simulated', disks: 6, latencyMs: 40 },
      });
      assert.strictEqual(outcome.status, 'cancelled', JSON.stringify(outcome));
      const store = await a.openStore();
      const saved = store.getSession(outcome.sessionId)!;
      assert.strictEqual(saved.status, 'cancelled');
      assert.ok(saved.metrics.stepsCompleted >= 3 && saved.metrics.stepsCompleted < 63, `completed ${saved.metrics.stepsCompleted}`);
      const resumed = (await vscode.commands.executeCommand('microfactory.resumeSession', { sessionId: outcome.sessionId })) as RunOutcome;
      assert.strictEqual(resumed.status, 'completed', JSON.stringify(resumed));
      assert.strictEqual(store.getSession(outcome.sessionId)!.metrics.stepsCompleted, 63);
    } finally {
      sub.dispose();
    }
  });
});
