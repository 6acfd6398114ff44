// Waiting on a run inside a tool call, with MCP progress notifications when the caller asked for
// them (a progressToken in the request's _meta). A million-step chain would send a million
// notifications if each step sent one, so they are spaced at least PROGRESS_EVERY_MS apart; the
// first (with the session id) and the last are always sent. The spec allows progress only
// while the request is open, so nothing is sent once the tool has answered.
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RunHandle, RunOutcome } from '../app/api';
import { sessionSummaryJson } from '../app/json';
import { pauseQuestion } from '../app/pauseQuestion';
import type { EngineEvent } from '../engine/events';
import type { McpContext } from './context';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export const PROGRESS_EVERY_MS = 250;

/** The CLI's exit code for each way a run ends: the same reasons, for a caller that knows them. */
const EXIT_CODES = { completed: 0, paused: 3, failed: 1, cancelled: 130 } as const;

/** A progress sender for this request, or undefined when the caller sent no progressToken. */
export function progressSender(extra: Extra): ((progress: number, total: number | undefined, message: string) => Promise<void>) | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  // The last notification is awaited before the tool answers: once the answer is out, the
  // client drops notifications for its token.
  return async (progress, total, message) => {
    if (extra.signal.aborted) return;
    await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, ...(total ? { total } : {}), message } }).catch(() => undefined);
  };
}

/** Waits for the run to end or pause, sending progress; a cancelled request stops the waiting, not the run. */
export async function follow(ctx: McpContext, handle: RunHandle, extra: Extra): Promise<RunOutcome | undefined> {
  const send = progressSender(extra);
  const id = handle.sessionId;
  let last = 0;
  const before = ctx.store.getSession(id)?.metrics;
  let done = before?.stepsCompleted ?? 0;
  let total = before?.stepsTotal || undefined;
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'session_started') total = e.stepsTotal || undefined;
    if (e.type !== 'metrics' && e.type !== 'step_completed') return;
    if (e.type === 'metrics') {
      done = Math.max(done, e.metrics.stepsCompleted); // never backwards: a step may be counted before its metrics event
      total = e.metrics.stepsTotal || total;
    } else done++; // metrics events are spaced out by the engine; each finished step counts meanwhile
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    void send?.(done, total, `session ${id}: ${done}${total ? `/${total}` : ''} steps`);
  };
  const off = send ? ctx.listen(id, onEvent) : () => undefined;
  void send?.(done, total, `session ${id} started`);
  last = Date.now();
  try {
    const aborted = new Promise<undefined>((resolve) => extra.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    const outcome = await Promise.race([handle.done, aborted]);
    if (outcome) {
      const m = ctx.store.getSession(id)?.metrics;
      await send?.(Math.max(done, m?.stepsCompleted ?? 0), m?.stepsTotal || total, `session ${id} ${outcome.status}`);
    }
    return outcome;
  } finally {
    off();
  }
}

/** How a session stands, for a caller: its summary, the CLI's exit code, and what a pause asks. */
export function outcomeJson(ctx: McpContext, sessionId: string) {
  const s = ctx.store.getSession(sessionId);
  if (!s) return { session_id: sessionId, status: 'unknown' };
  return { ...sessionSummaryJson(s), exit_code: s.status === 'running' ? null : EXIT_CODES[s.status], pause: pauseQuestion(ctx.store, sessionId, { trusted: ctx.trusted }) };
}
