// `microfactory mcp` as a command: its flags are checked before anything starts (exit 2, one
// line), stdout is never used for anything but the protocol, and when the client goes away the
// server cancels its runs (saved as cancelled, resumable) and exits 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, oneLineUsageError, runCli } from '../../support/cliRun';
import { spawnMcp, structured } from '../../support/mcpClient';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('microfactory mcp (the command)', function () {
  this.timeout(60_000);
  let tmp: TmpDir;
  before(() => (tmp = makeTmpDir('mf-mcp-cli-')));
  after(() => tmp.cleanup());

  it('refuses flags that would write to stdout, and bad flags, in one line with exit 2', async () => {
    assert.match(oneLineUsageError(await runCli(['--log-json', 'mcp'], { home: tmp.path })), /--log-json and --inspect write to stdout, which carries the MCP protocol/);
    assert.match(oneLineUsageError(await runCli(['mcp', '--inspect', 'ops'], { home: tmp.path })), /carries the MCP protocol/);
    assert.match(oneLineUsageError(await runCli(['mcp', '--max-runs', '0'], { home: tmp.path })), /--max-runs must be an integer \(at least 1, at most 100\)/);
    assert.match(oneLineUsageError(await runCli(['mcp', '--port', '1'], { home: tmp.path })), /Unknown option '--port'/);
    const help = await runCli(['help', '--topic', 'mcp'], { home: tmp.path });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--untrusted/);
    assert.match(help.stdout, /microfactory:\/\/session\/\{id\}/);
  });

  it('writes nothing but JSON-RPC on stdout, even with -v', async () => {
    const child = spawn(process.execPath, [CLI, '-v', 'mcp'], { env: { ...process.env, MICROFACTORY_HOME: tmp.path }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const send = (m: object) => child.stdin.write(JSON.stringify(m) + '\n');
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'run', arguments: { domain: 'hanoi', wait: true, options: { disks: 3 } } } });
    const deadline = Date.now() + 30_000;
    while (!out.includes('"id":2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end();
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 0, err);
    const lines = out.trim().split('\n');
    for (const line of lines) assert.equal(JSON.parse(line).jsonrpc, '2.0', `not JSON-RPC on stdout: ${line}`);
    assert.equal(lines.length, 2);
    assert.match(err, /microfactory mcp: serving on stdio/, 'logs go to stderr');
    assert.match(err, /session_finished|completed/);
  });

  it('cancels its runs when the client goes away, so they can be resumed', async () => {
    const mcp = await spawnMcp(tmp.path);
    const started = structured(await mcp.client.callTool({ name: 'run', arguments: { domain: 'hanoi', options: { disks: 10, latencyMs: 50 } } }));
    assert.equal(started.status, 'running');
    await mcp.close();
    let status = '';
    for (let i = 0; i < 100 && status !== 'cancelled'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await runCli(['status', '--session-id', started.session_id, '--json', '--steps', '0'], { home: tmp.path });
      status = JSON.parse(r.stdout).status;
    }
    assert.equal(status, 'cancelled');
  });
});
