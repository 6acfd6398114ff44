import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, explain, runTask } from './helpers';

/** A local server speaking OpenAI's chat-completions wire format; it records the auth headers. */
async function fakeOpenAI(reply: string): Promise<{ url: string; auth: string[]; close(): void }> {
  const auth: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      auth.push(String(req.headers.authorization ?? ''));
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const model = (JSON.parse(body) as { model?: string }).model ?? 'm';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: 'cmpl-1', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, auth, close: () => server.close() };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

suite('API keys', () => {
  test('a key set with the command is used before the environment and never lands in the store', async () => {
    const a = await api();
    const secret = `sk-secret-${Date.now()}-microfactory-test`;
    const server = await fakeOpenAI('move = [1, 0, 2]\nnext_state = [[], [], [1]]');
    const envBefore = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-env-must-not-be-used';
    try {
      assert.strictEqual(await vscode.commands.executeCommand('microfactory.setApiKey', { provider: 'openai', key: secret }), true);
      const outcome = await runTask({
        prompt: 'Solve Towers of Hanoi with 1 disk using a real provider',
        domain: 'hanoi',
        overrides: { provider: 'openai', model: 'gpt-4.1-mini', baseUrl: server.url, disks: 1, samples: 1, k: 1 },
      });
      assert.strictEqual(outcome.status, 'completed', await explain(outcome.sessionId));
      assert.ok(server.auth.length > 0, 'the provider was never called');
      assert.ok(server.auth.every((h) => h === `Bearer ${secret}`), `unexpected auth headers: ${server.auth.join(', ')}`);

      const store = await a.openStore();
      await store.flush();
      const files = filesUnder(a.storeDir);
      assert.ok(files.some((f) => f.endsWith('sessions.sqlite3')), `no DB file in ${files.join(', ')}`);
      for (const f of files) {
        const bytes = fs.readFileSync(f);
        assert.strictEqual(bytes.indexOf(secret), -1, `the key is in ${f}`);
        assert.strictEqual(bytes.indexOf(secret.slice(3, 20)), -1, `part of the key is in ${f}`);
      }
      const settings = JSON.stringify(vscode.workspace.getConfiguration('microfactory'));
      assert.ok(!settings.includes(secret), 'the key is in the settings');
    } finally {
      if (envBefore === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = envBefore;
      server.close();
      await vscode.commands.executeCommand('microfactory.setApiKey', { provider: 'openai', key: '' });
    }
  });
});
