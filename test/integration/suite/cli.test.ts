import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import type { SessionNode } from '../../../src/extension/tree/nodes';
import { api, workspaceDir } from './helpers';

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

suite('the bundled CLI shares the extension store', () => {
  test('a session run by `microfactory` in a terminal appears in the Sessions tree without a manual refresh', async () => {
    const a = await api();
    await a.sessions.getChildren(); // opens the store, so the tree is live before the CLI writes
    const prompt = `CLI hanoi ${Date.now()}`;
    let refreshed = 0;
    const sub = a.sessions.onDidChangeTreeData(() => refreshed++);
    try {
      // The very launcher new terminals get on their PATH: VS Code's runtime + MICROFACTORY_HOME.
      const res = await run(a.launcherPath, ['run', '--domain', 'hanoi', '--prompt', prompt, '--disks', '3', '--llm-provider', 'simulated', '--json'], workspaceDir());
      assert.strictEqual(res.code, 0, `CLI exited ${res.code}\n${res.stderr}\n${res.stdout}`);
      const deadline = Date.now() + 20_000;
      let found: SessionNode | undefined;
      while (!found && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        if (refreshed === 0) continue; // only count what a live refresh shows
        const roots = await a.sessions.getChildren();
        found = roots.find((n): n is SessionNode => n.kind === 'session' && n.session.prompt === prompt);
      }
      assert.ok(found, `the CLI session never appeared (tree refreshed ${refreshed} times)`);
      assert.strictEqual(found.session.status, 'completed');
      assert.strictEqual(found.session.metrics.stepsCompleted, 7);
      // And the extension can open it like its own.
      await vscode.commands.executeCommand('microfactory.openSession', { sessionId: found.session.id });
      const deadline2 = Date.now() + 15_000;
      while (!a.panelData(found.session.id) && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 100));
      assert.strictEqual(a.panelData(found.session.id)?.steps.length, 7);
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
