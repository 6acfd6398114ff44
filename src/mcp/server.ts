// `microfactory mcp`: Microfactory as an MCP server (the official TypeScript SDK) over stdio, on
// the same store and app layer as the CLI, serve and the editor, so a session started by an
// agent shows up in all of them. stdout carries the protocol and nothing else: logs go to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import { McpContext, type McpDeps } from './context';
import { registerResources } from './resources';
import { registerReadTools } from './tools/readTools';
import { registerRunTools } from './tools/runTools';
import { registerStepTools } from './tools/stepTools';

export const SERVER_INFO = { name: 'microfactory', version: '0.1.0' };

const INSTRUCTIONS = `Microfactory runs long or risky tasks as many tiny steps, each sampled several times and decided by a vote (MAKER). Sessions are durable: they survive restarts, pause for a human when samples disagree, and can be resumed from here, a terminal or VS Code.
Typical use: run (domain code with options.repoPath, or hanoi to try it) -> status until it completes or pauses -> when paused, read "pause" (the candidate's diff and the allowed decisions) and ask your user before calling resume with a decision. plan and estimate help choose k and a model before paying for a run.`;

export function createMcpServer(deps: McpDeps): { server: McpServer; ctx: McpContext } {
  const ctx = new McpContext(deps);
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS });
  registerRunTools(server, ctx);
  registerReadTools(server, ctx);
  registerStepTools(server, ctx);
  registerResources(server, ctx);
  return { server, ctx };
}

export interface RunningMcpServer {
  /** Resolves when the client goes away (stdin ends or the transport closes). */
  closed: Promise<void>;
  /** Cancels this server's runs (saved as cancelled, resumable), waiting up to `timeoutMs`, and closes the transport. */
  close(timeoutMs?: number): Promise<void>;
  ctx: McpContext;
}

export async function startStdioServer(deps: McpDeps, io: { stdin: Readable; stdout: Writable } = { stdin: process.stdin, stdout: process.stdout }): Promise<RunningMcpServer> {
  const { server, ctx } = createMcpServer(deps);
  const transport = new StdioServerTransport(io.stdin, io.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The stdio transport does not watch for the end of its input: a client that exits closes our stdin.
    io.stdin.once('end', () => resolve());
    io.stdin.once('close', () => resolve());
  });
  transport.onerror = (e) => deps.log.warn(`mcp: transport: ${e.message}`);
  await server.connect(transport);
  let closing: Promise<void> | undefined;
  return {
    closed,
    ctx,
    close: (timeoutMs = 10_000) =>
      (closing ??= (async () => {
        await ctx.runs.cancelAll(timeoutMs);
        await server.close().catch(() => undefined);
      })()),
  };
}
