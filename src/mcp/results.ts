// Tool results: the structured JSON (`structuredContent`) and the same JSON as text for clients
// that only read text, both redacted. A mistake of the caller (a bad argument, an unknown domain
// or session, a refused resume) and any failure of ours become a tool error (`isError: true`)
// the calling model can read and act on; nothing a tool call does can take the server down.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isUserError } from '../app/errors';
import { RunsFull } from '../app/runs';
import type { McpContext } from './context';

export function ok(ctx: McpContext, data: Record<string, unknown>, summary?: string): CallToolResult {
  const json = ctx.redact(JSON.stringify(data));
  const content: CallToolResult['content'] = [{ type: 'text', text: json }];
  if (summary) content.unshift({ type: 'text', text: ctx.redact(summary) });
  return { content, structuredContent: JSON.parse(json) as Record<string, unknown> };
}

export function toolError(ctx: McpContext, message: string): CallToolResult {
  return { content: [{ type: 'text', text: ctx.redact(message) }], isError: true };
}

/** Runs a tool body; what it throws becomes a tool error (ours are logged with their stack). */
export async function guard(ctx: McpContext, tool: string, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (e) {
    if (isUserError(e) || e instanceof RunsFull) return toolError(ctx, `${tool}: ${(e as Error).message}`);
    ctx.deps.log.error(`mcp: ${tool}: ${(e as Error)?.stack ?? String(e)}`);
    return toolError(ctx, `${tool} failed: ${(e as Error)?.message ?? String(e)}`);
  }
}
