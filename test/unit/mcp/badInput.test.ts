// Bad input to `microfactory mcp` is a tool error (or a JSON-RPC error for a resource) that names
// what is wrong, never a crash: after each the same server answers the next call. Keys of the
// machine never reach the client.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../../support/cliRun';
import { spawnMcp, structured, textOf, type McpSession } from '../../support/mcpClient';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const KEY = 'sk-mcp-test-0123456789abcdef';

describe('microfactory mcp: bad input gets a tool error, and the server stays up', function () {
  this.timeout(90_000);
  let tmp: TmpDir;
  let mcp: McpSession;
  const seen: string[] = [];

  before(async () => {
    tmp = makeTmpDir('mf-mcp-bad-');
    mcp = await spawnMcp(tmp.path, { env: { OPENAI_API_KEY: KEY } });
  });
  after(async () => {
    await mcp?.close();
    tmp?.cleanup();
  });

  async function toolError(name: string, args: Record<string, unknown>, expected: RegExp): Promise<void> {
    const r = await mcp.client.callTool({ name, arguments: args });
    seen.push(JSON.stringify(r));
    assert.equal(r.isError, true, `${name} ${JSON.stringify(args)} was accepted: ${textOf(r)}`);
    assert.match(textOf(r), expected);
    assert.doesNotMatch(textOf(r), /\n\s+at /, 'a stack trace leaked');
    // Still up, and still answering.
    assert.ok(Array.isArray(structured(await mcp.client.callTool({ name: 'status', arguments: {} })).sessions));
  }

  it('refuses an unknown domain, bad arguments and an absurd k before any session exists', async () => {
    await toolError('run', { domain: 'nope', prompt: 'x' }, /^run: Domain 'nope' not defined in .*config\.yaml; available: code, analysis, hanoi/);
    await toolError('run', { prompt: 'x' }, /Invalid arguments for tool run: .*domain/);
    await toolError('run', { domain: 'hanoi', options: { disks: 'four' } }, /options\.disks/);
    await toolError('run', { domain: 'hanoi', options: { kk: 3 } }, /Unrecognized key.*"kk"/);
    await toolError('run', { domain: 'hanoi', options: { k: 1e9 } }, /expected number to be <=1000 at options\.k/);
    await toolError('run', { domain: 'code' }, /'prompt' is required/);
    await toolError('run', { domain: 'code', prompt: 'x', options: { provider: 'simulated' } }, /simulated model only answers Towers of Hanoi/);
    await toolError('run', { domain: 'analysis', prompt: 'x' }, /Missing API key for anthropic: set ANTHROPIC_API_KEY/);
    await toolError('run', { domain: 'hanoi', options: { provider: 'openai', apiKey: 'sk-zzzzzzzzzzzz' } }, /Unrecognized key.*"apiKey"/);
    await toolError('run', { domain: 'hanoi', options: { provider: 'openai', baseUrl: 'https://evil.example/v1' } }, /options\.baseUrl must point at this machine/);
    await toolError('resume', { session_id: 'no-such-session' }, /^resume: no session no-such-session/);
    await toolError('resume', { session_id: 'x', edited_text: 'y', decision: 'reject' }, /'edited_text' approves; it cannot go with decision 'reject'/);
    await toolError('cancel', { session_id: 'no-such-session' }, /no session no-such-session/);
    await toolError('status', { session_id: 'no-such-session' }, /no session no-such-session/);
    await toolError('plan', { error_rate: 2, steps: 10 }, /error_rate/);
    await toolError('estimate', { domain: 'code' }, /estimate measures Towers of Hanoi steps; domain 'code' is not a hanoi chain/);
    assert.deepEqual(structured(await mcp.client.callTool({ name: 'status', arguments: {} })).sessions, [], 'no refused call left a session behind');
  });

  it('answers a bad resource with a JSON-RPC error', async () => {
    for (const [uri, expected] of [
      ['microfactory://session/nope', /no session nope/],
      ['microfactory://elsewhere', /unknown resource/],
      ['microfactory://session/nope?cursor=%%%', /no session nope/],
    ] as const) {
      await assert.rejects(mcp.client.readResource({ uri }), (e: Error & { code?: number }) => expected.test(e.message) && e.code === -32002);
    }
    await assert.rejects(mcp.client.listResources({ cursor: 'garbage' }), /invalid cursor 'garbage'/);
    assert.ok(Array.isArray(structured(await mcp.client.callTool({ name: 'status', arguments: {} })).sessions));
  });

  it("refuses to resume or cancel a session another live process runs (its lease)", async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [CLI, 'run', '--domain', 'hanoi', '--disks', '10', '--latency-ms', '40', '-q'], { env: { ...process.env, MICROFACTORY_HOME: tmp.path }, stdio: 'ignore' });
      let other: Record<string, any> | undefined;
      for (let i = 0; i < 150 && !other; i++) {
        await new Promise((r) => setTimeout(r, 200));
        other = structured(await mcp.client.callTool({ name: 'status', arguments: {} })).sessions.find((s: Record<string, any>) => s.owner?.pid === child!.pid && s.owner.live);
      }
      assert.ok(other, 'the CLI run never showed up with its lease');
      await toolError('resume', { session_id: other.session_id }, new RegExp(`is running in pid ${child.pid} on .*; if that process is gone, call resume with force: true`));
      await toolError('cancel', { session_id: other.session_id }, new RegExp(`runs in pid ${child.pid} on .*, not in this MCP server`));
    } finally {
      child?.kill('SIGKILL');
    }
  });

  it('a run that fails reaching its provider reports it, and the key never reaches the client', async () => {
    const r = structured(await mcp.client.callTool({ name: 'run', arguments: { domain: 'hanoi', wait: true, options: { disks: 1, provider: 'openai', model: 'gpt-4.1-mini', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2000 } } }));
    seen.push(JSON.stringify(r));
    assert.ok(['paused', 'failed'].includes(r.status), JSON.stringify(r));
    seen.push(JSON.stringify(await mcp.client.callTool({ name: 'status', arguments: { session_id: r.session_id, steps_limit: 100 } })));
    seen.push(JSON.stringify(await mcp.client.readResource({ uri: `microfactory://session/${r.session_id}` })));
    seen.push(JSON.stringify(await mcp.client.callTool({ name: 'export', arguments: { session_id: r.session_id } })));
    for (const text of seen) assert.ok(!text.includes(KEY), `the key leaked: ${text.slice(0, 300)}`);
  });
});
