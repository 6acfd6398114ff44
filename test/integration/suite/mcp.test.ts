// The extension registers Microfactory's MCP server with the editor (VS Code 1.101+ API, present
// in the code-server host's VS Code 1.139), and the definition it gives starts a server that
// answers tools/list on the extension's own store. Where the API is missing, nothing is
// registered and activation still succeeds (the feature-detect path).
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MCP_PROVIDER_ID, registerMcpServer } from '../../../src/extension/mcpServer';
import { api, workspaceDir } from './helpers';

suite('MCP server registration', () => {
  test('the editor has the API, the provider is registered, and its definition runs the bundled CLI on the extension store', async () => {
    const a = await api();
    assert.strictEqual(typeof (vscode as unknown as { lm?: { registerMcpServerDefinitionProvider?: unknown } }).lm?.registerMcpServerDefinitionProvider, 'function', `VS Code ${vscode.version} lacks the MCP API`);
    assert.strictEqual(a.mcp.registered, true);
    const ext = vscode.extensions.getExtension('microfactory.microfactory')!;
    const contributed = (ext.packageJSON.contributes.mcpServerDefinitionProviders as { id: string }[]).map((p) => p.id);
    assert.deepStrictEqual(contributed, [MCP_PROVIDER_ID]);
    const [def] = a.mcp.definitions();
    assert.strictEqual(def.command, process.execPath, "VS Code's own runtime");
    assert.deepStrictEqual(def.args, [path.join(ext.extensionPath, 'dist', 'cli.js'), 'mcp']);
    assert.strictEqual(def.env.MICROFACTORY_HOME, a.storeDir);
    assert.strictEqual(def.env.ELECTRON_RUN_AS_NODE, '1');
    assert.strictEqual(def.cwd, workspaceDir());
  });

  test('the definition starts a server that answers tools/list and sees the editor\'s sessions', async () => {
    const a = await api();
    const [def] = a.mcp.definitions();
    const client = new Client({ name: 'integration', version: '1' });
    await client.connect(new StdioClientTransport({ command: def.command, args: def.args, env: { PATH: process.env.PATH ?? '', ...def.env }, cwd: def.cwd, stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      assert.deepStrictEqual(tools.map((t) => t.name).sort(), ['cancel', 'estimate', 'export', 'plan', 'resume', 'run', 'status', 'vote']);
      const r = await client.callTool({ name: 'run', arguments: { domain: 'hanoi', prompt: 'MCP from the editor', wait: true, options: { disks: 3 } } });
      const id = (r.structuredContent as { session_id: string; status: string }).session_id;
      assert.strictEqual((r.structuredContent as { status: string }).status, 'completed');
      // The same store: the extension reads the session the server ran.
      const store = await a.openStore();
      const deadline = Date.now() + 20_000;
      while (!store.getSession(id) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
      assert.strictEqual(store.getSession(id)?.status, 'completed');
    } finally {
      await client.close();
    }
  });

  test('Restricted Mode gives the server --untrusted', async () => {
    const a = await api();
    a.setTrustOverride(false);
    try {
      assert.deepStrictEqual(a.mcp.definitions()[0].args.slice(-2), ['mcp', '--untrusted']);
    } finally {
      a.setTrustOverride(undefined);
    }
  });

  test('without the API (an older editor) nothing is registered and nothing throws', () => {
    const reg = registerMcpServer({ extensionPath: '/ext', storeDir: '/store', trust: { isTrusted: true, onDidChange: new vscode.EventEmitter<boolean>().event }, folder: () => undefined }, {});
    assert.strictEqual(reg.registered, false);
    assert.strictEqual(reg.definitions()[0].command, process.execPath);
    reg.dispose();
  });
});
