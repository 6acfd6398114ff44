// The read-only tools: status (one session or the list) and export (a page of export lines).
// Pages are bounded, so a million-step session answers as fast as a small one; the session
// resources (resources.ts) page the same way.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { exportLine, sessionDetailJson, sessionListJson } from '../../app/json';
import { UsageError } from '../../app/options';
import { pauseQuestion } from '../../app/pauseQuestion';
import type { McpContext } from '../context';
import { guard, ok } from '../results';

/** The most rows one answer carries (sessions, steps or export lines). */
export const MAX_ROWS = 5000;

const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const limit = (dflt: number) => z.number().int().min(1).max(MAX_ROWS).optional().describe(`How many (default ${dflt}, at most ${MAX_ROWS})`);

export function registerReadTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'status',
    {
      title: 'Microfactory session status',
      description:
        'Without session_id: the most recent sessions (newest first; status "interrupted" in `state` means its process died and it can be resumed). With session_id: its metrics, options, a page of its steps (steps_offset, steps_limit) and, when it is paused, "pause": what a human must decide (trigger, the candidate and its diff, allowed_decisions).',
      inputSchema: {
        session_id: z.string().min(1).optional(),
        limit: limit(20),
        offset: offset.describe('Sessions to skip (paging the list)'),
        steps_offset: offset.describe('Steps to skip (paging a session)'),
        steps_limit: limit(20),
        all: z.boolean().optional().describe('List archived sessions too (hidden by default)'),
      },
      annotations: { readOnlyHint: true },
    },
    (a) =>
      guard(ctx, 'status', async () => {
        if (!a.session_id) {
          const sessions = ctx.store.listSessions({ limit: a.limit ?? 20, offset: a.offset ?? 0, archived: a.all ? undefined : false });
          return ok(ctx, sessionListJson(sessions), `${sessions.length} session(s)`);
        }
        const s = ctx.store.getSession(a.session_id);
        if (!s) throw new UsageError(`no session ${a.session_id}; call status without session_id to list them`);
        const detail = sessionDetailJson(ctx.store, s, { offset: a.steps_offset ?? 0, limit: a.steps_limit ?? 20 });
        return ok(ctx, { ...detail, pause: pauseQuestion(ctx.store, s.id, { trusted: ctx.trusted }) });
      }),
  );

  server.registerTool(
    'export',
    {
      title: 'Export a Microfactory session',
      description: 'A page of a session\'s steps as export lines (id, parent, description, status, winner, output, votes, margin), in order: the `microfactory export` format. Call again with next_offset until it is null.',
      inputSchema: { session_id: z.string().min(1), offset: offset.describe('Steps to skip'), limit: limit(1000) },
      annotations: { readOnlyHint: true },
    },
    (a) =>
      guard(ctx, 'export', async () => {
        if (!ctx.store.getSession(a.session_id)) throw new UsageError(`no session ${a.session_id}`);
        const from = a.offset ?? 0;
        const n = a.limit ?? 1000;
        const lines = ctx.store.getSteps(a.session_id, { offset: from, limit: n }).map(exportLine);
        const total = ctx.store.countSteps(a.session_id);
        return ok(ctx, { session_id: a.session_id, offset: from, limit: n, total, next_offset: from + lines.length < total ? from + lines.length : null, lines });
      }),
  );
}
