import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, explain, EXTENSION_ID, runTask, workspaceDir } from './helpers';

suite('the workspace config.yaml', () => {
  const file = (): string => path.join(workspaceDir(), 'config.yaml');
  teardown(() => fs.rmSync(file(), { force: true }));

  test('its domains are the ones Run Task offers and uses', async () => {
    // The bundled hanoi domain under another name, templates pointing at the bundled ones.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const YAML = require('yaml') as typeof import('yaml');
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const bundled = YAML.parse(fs.readFileSync(path.join(root, 'config.yaml'), 'utf8')) as { domains: Record<string, { agents: Record<string, Record<string, string>> }> };
    const hanoi = bundled.domains.hanoi;
    for (const agent of Object.values(hanoi.agents)) {
      for (const key of ['prompt_template', 'system_prompt']) if (agent[key]) agent[key] = path.join(root, agent[key]);
    }
    fs.writeFileSync(file(), YAML.stringify({ domains: { 'team-hanoi': hanoi } }));

    const outcome = await runTask({
      prompt: 'Our own hanoi domain with 2 disks', domain: 'team-hanoi', overrides: { provider: 'simulated' },
    });
    assert.strictEqual(outcome.status, 'completed', await explain(outcome.sessionId));
    const session = (await (await api()).openStore()).getSession(outcome.sessionId)!;
    assert.strictEqual(session.domain, 'team-hanoi');
    assert.strictEqual(session.metadata.configPath, file());
    // "2 disks" in the prompt sets the chain length: 2^2 - 1 moves.
    assert.strictEqual(session.metrics.stepsCompleted, 3);
  });
});
