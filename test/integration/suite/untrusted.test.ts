import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UNTRUSTED_REASON } from '../../../src/extension/trust';
import { api, explain, runTask, workspaceDir } from './helpers';
import { GREET_BEFORE, greetCandidate, writeGreetRepo, writeScript } from './fixtures';

suite('Restricted Mode (untrusted workspace)', () => {
  test('plans and shows the change set but writes nothing and runs no verifier; the UI says why', async () => {
    const a = await api();
    a.setTrustOverride(false);
    try {
      const repo = writeGreetRepo(workspaceDir(), 'untrusted-repo');
      // The verifier would leave a marker file if it ran.
      fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ scripts: { test: 'node -e "require(\'fs\').writeFileSync(\'VERIFIED\', \'x\')"' } }));
      const hello = greetCandidate('Hello');
      const scriptPath = writeScript({ solver: [{ text: hello.text, repeat: true }], solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
      const outcome = await runTask({
        prompt: 'Make greet say Hello',
        domain: 'code',
        overrides: { provider: 'scripted', scriptPath, samples: 2, k: 1, repoPath: repo },
      });
      assert.strictEqual(outcome.status, 'completed', await explain(outcome.sessionId));
      const step = (await a.openStore()).getStep(outcome.sessionId, '1');
      assert.strictEqual(step?.changeSet?.files[0].after, hello.after, 'the change set was not planned');
      assert.strictEqual(step?.changeSet?.applied, false);
      assert.strictEqual(fs.readFileSync(path.join(repo, 'src', 'greet.js'), 'utf8'), GREET_BEFORE, 'a file was written');
      assert.strictEqual(fs.existsSync(path.join(repo, 'VERIFIED')), false, 'the verifier ran');
      // The session panel says why nothing was written.
      await vscode.commands.executeCommand('microfactory.openSession', { sessionId: outcome.sessionId });
      const data = await waitForPanel(a, outcome.sessionId);
      assert.strictEqual(data.trusted, false);
      assert.strictEqual(data.untrustedReason, UNTRUSTED_REASON);
    } finally {
      a.setTrustOverride(undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});

async function waitForPanel(a: Awaited<ReturnType<typeof api>>, id: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const d = a.panelData(id);
    if (d) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the session panel never rendered');
}
