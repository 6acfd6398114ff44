// An MCP client from the official SDK that spawns the bundled CLI's `microfactory mcp` over
// stdio, the way Claude Code, Cline or VS Code do, with its own MICROFACTORY_HOME.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, ensureCliBuilt } from './cliRun';

export interface McpSession {
  client: Client;
  /** What the server wrote to stderr (its logs). */
  stderr(): string;
  pid: number | null;
  close(): Promise<void>;
}

export async function spawnMcp(home: string, o: { args?: string[]; env?: Record<string, string>; cwd?: string } = {}): Promise<McpSession> {
  ensureCliBuilt();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'MICROFACTORY_LOG') env[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...(o.args ?? [])],
    env: { ...env, MICROFACTORY_HOME: home, ...o.env },
    cwd: o.cwd ?? home,
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const client = new Client({ name: 'microfactory-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err, pid: transport.pid, close: () => client.close() };
}

/** A tool's structured result; fails with the tool's error text when it is a tool error. */
export function structured<T = Record<string, any>>(r: unknown): T {
  const res = r as CallToolResult;
  if (res.isError) throw new Error(`tool error: ${textOf(res)}`);
  return res.structuredContent as T;
}

export function textOf(r: unknown): string {
  return ((r as CallToolResult).content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** A resource's JSON body. */
export async function readJson<T = Record<string, any>>(s: McpSession, uri: string): Promise<T> {
  const [c] = (await s.client.readResource({ uri })).contents;
  return JSON.parse('text' in c ? c.text : '') as T;
}
