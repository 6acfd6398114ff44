// The server definition the extension hands VS Code, started exactly as VS Code starts it:
// command, args and env as given, spoken to by the SDK's client. (The integration suite checks
// the registration itself inside a real editor.)
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mcpServerSpec } from '../../../src/extension/mcpSpec';
import { ensureCliBuilt, REPO_ROOT } from '../../support/cliRun';
import { structured } from '../../support/mcpClient';
import { makeTmpDir } from '../../support/tmpDir';

describe('extension: the MCP server definition', function () {
  this.timeout(30_000);

  it('runs the bundled CLI on the extension store, untrusted when the workspace is, with no key in it', () => {
    const trusted = mcpServerSpec({ execPath: '/vscode/node', extensionPath: '/ext', storeDir: '/gs/store', trusted: true, cwd: '/ws' });
    assert.deepEqual(trusted, { label: 'Microfactory', command: '/vscode/node', args: ['/ext/dist/cli.js', 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1', MICROFACTORY_HOME: '/gs/store' }, cwd: '/ws' });
    assert.deepEqual(mcpServerSpec({ execPath: 'n', extensionPath: '/ext', storeDir: 's', trusted: false }).args, ['/ext/dist/cli.js', 'mcp', '--untrusted']);
  });

  it('starts a server that answers tools/list and shares the store it names', async () => {
    ensureCliBuilt();
    const tmp = makeTmpDir('mf-mcp-spec-');
    const spec = mcpServerSpec({ execPath: process.execPath, extensionPath: REPO_ROOT, storeDir: tmp.path, trusted: true, cwd: tmp.path });
    const client = new Client({ name: 'spec-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: spec.command, args: spec.args, env: { PATH: process.env.PATH ?? '', ...spec.env }, cwd: spec.cwd, stderr: 'ignore' }));
    try {
      assert.ok((await client.listTools()).tools.some((t) => t.name === 'run'));
      assert.equal(structured(await client.callTool({ name: 'run', arguments: { domain: 'hanoi', wait: true, options: { disks: 2 } } })).status, 'completed');
    } finally {
      await client.close();
      tmp.cleanup();
    }
  });
});
