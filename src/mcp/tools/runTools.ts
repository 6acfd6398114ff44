// The tools that start and steer runs: run, resume, cancel. They go through the app's run
// registry as the CLI and serve do, so the same checks refuse the same mistakes before any
// session exists, and each run holds the session's lease while it goes.
import { decisionFrom } from '../../app/decision';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Decision } from '../../app/api';
import { describeOwner, foreignLiveLease } from '../../app/lease';
import { UsageError } from '../../app/options';
import { approveWrites } from '../../app/pauseQuestion';
import type { McpContext } from '../context';
import { follow, outcomeJson, type Extra } from '../follow';
import { guard, ok } from '../results';
import { checkOptions, OPTIONS, SESSION_ID, WAIT } from '../schemas';
import type { RunHandle } from '../../app/api';

const RUN_HELP = `Start a Microfactory session: the task is split into tiny steps, each step is sampled several times by LLM microagents and decided by a first-to-ahead-by-k vote; red-flagged samples are drawn again; a human is asked when samples disagree too much.
Domains: code (edits the repository at options.repoPath and runs its verifier), analysis (Markdown reports), hanoi (Towers of Hanoi; needs no API key with provider "simulated").
Returns the session id at once; pass wait: true (or a progressToken) to wait for the end with progress notifications. A paused session's "pause" says what a human must decide; answer with the resume tool. Mistakes (unknown domain, bad option, missing key) are tool errors and create nothing.`;

const RESUME_HELP = `Continue a paused, cancelled, failed or interrupted Microfactory session, optionally answering its pause.
decision "approve" accepts the candidate the pause asks about (for a code step: writes its change set, which an untrusted workspace refuses); "reject" discards it and samples again; "skip" leaves a code step undone and goes on. feedback (with reject) goes into the solver's next prompt; edited_text (with approve) is a corrected answer approved in place of the candidate; approve_rest (with approve) approves the rest of this decomposition without pausing.
A session another live process runs is refused (its lease) unless force: true. Read the pause first (status tool, or the session resource): it lists the allowed decisions and the candidate's diff.`;

export function registerRunTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'run',
    {
      title: 'Start a Microfactory run',
      description: RUN_HELP,
      inputSchema: {
        domain: z.string().min(1).describe('code, analysis, hanoi, or a domain of options.configPath'),
        prompt: z.string().optional().describe('The task (required except for hanoi)'),
        options: OPTIONS,
        wait: WAIT,
      },
    },
    (a, extra) =>
      guard(ctx, 'run', async () => {
        checkOptions(a.options);
        if (!a.prompt && a.domain !== 'hanoi') throw new UsageError("'prompt' is required (only the hanoi domain has a default)");
        // The same default as `microfactory run` and serve, so sessions from any of them look alike.
        const prompt = a.prompt || `Solve Towers of Hanoi with ${a.options?.disks ?? 'the configured number of'} disks`;
        const handle = await ctx.start({ prompt, domain: a.domain, ...a.options });
        return answer(ctx, handle, a.wait, extra);
      }),
  );

  server.registerTool(
    'resume',
    {
      title: 'Resume or decide a Microfactory session',
      description: RESUME_HELP,
      inputSchema: {
        session_id: SESSION_ID,
        decision: z.enum(['approve', 'reject', 'skip']).optional().describe('The answer to a pause; omit to simply continue'),
        feedback: z.string().min(1).optional().describe('Why the candidate is rejected: the solver\'s next prompt gets it (with decision "reject")'),
        approve_rest: z.boolean().optional().describe('With decision "approve": no more step-by-step pauses in this decomposition'),
        edited_text: z.string().min(1).optional().describe('A corrected candidate to accept instead of the paused one (with decision "approve")'),
        force: z.boolean().optional().describe("Resume although another process's lease still looks live"),
        options: OPTIONS,
        wait: WAIT,
      },
    },
    (a, extra) =>
      guard(ctx, 'resume', async () => {
        checkOptions(a.options);
        if ((a.feedback !== undefined || a.edited_text !== undefined || a.approve_rest) && !a.decision) throw new UsageError("'feedback', 'edited_text' and 'approve_rest' go with a decision");
        if (a.decision === 'approve' && !ctx.trusted && approveWrites(ctx.store, a.session_id)) {
          throw new UsageError(`cannot approve: the paused candidate of session ${a.session_id} writes files and this workspace is not trusted; only 'reject' is allowed here (a human may trust the workspace and approve in the editor)`);
        }
        const decision = toDecision(a.decision, a.feedback, a.edited_text, a.approve_rest);
        const handle = await ctx.resume(a.session_id, { ...a.options, decision }, a.force === true);
        return answer(ctx, handle, a.wait, extra);
      }),
  );

  server.registerTool(
    'cancel',
    {
      title: 'Cancel a Microfactory run',
      description: 'Stop a run this MCP server started or resumed; the session is saved as cancelled and can be resumed later. A run of another process (a terminal, the editor) is that process\'s to stop.',
      inputSchema: { session_id: SESSION_ID },
    },
    (a) =>
      guard(ctx, 'cancel', async () => {
        if (ctx.runs.cancel(a.session_id)) {
          await ctx.runs.outcome(a.session_id)?.catch(() => undefined);
          return ok(ctx, outcomeJson(ctx, a.session_id), `session ${a.session_id} cancelled (resumable)`);
        }
        const s = ctx.store.getSession(a.session_id);
        if (!s) throw new UsageError(`no session ${a.session_id}; the status tool lists them`);
        const owner = foreignLiveLease(s);
        if (owner) throw new UsageError(`session ${a.session_id} runs in ${describeOwner(owner)}, not in this MCP server: stop it there`);
        throw new UsageError(`session ${a.session_id} is not running (it is ${s.status})`);
      }),
  );
}

/** The tool's arguments through the one decision rule every front end uses (app/decision.ts). */
export function toDecision(action: Decision['action'] | undefined, feedback?: string, editedText?: string, approveRest?: boolean): Decision | undefined {
  const names: Record<string, string> = { approve: "decision 'approve'", reject: "decision 'reject'", skip: "decision 'skip'", feedback: "'feedback'", editText: "'edited_text'", approveRest: "'approve_rest'" };
  return decisionFrom({ approve: action === 'approve', reject: action === 'reject', skip: action === 'skip', feedback, editText: editedText, approveRest }, (f) => names[f]);
}

async function answer(ctx: McpContext, handle: RunHandle, wait: boolean | undefined, extra: Extra) {
  const id = handle.sessionId;
  if (!(wait ?? extra._meta?.progressToken !== undefined)) {
    return ok(ctx, { ...outcomeJson(ctx, id), status: 'running' }, `session ${id} is running; the status tool (or resource microfactory://session/${id}) shows its progress`);
  }
  const outcome = await follow(ctx, handle, extra);
  const data = outcomeJson(ctx, id);
  return ok(ctx, data, outcome ? `session ${id} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}` : `session ${id} is still running`);
}
