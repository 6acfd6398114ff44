// The verifier's run before a tree session's first step. A real model cannot guess which test
// fails or why: the baseline's failing output goes into the decomposer's and the solver's
// prompts, and the files it names into the solver's context. It runs once per session and is
// kept in the session's metadata, so a resumed session shows its prompts the same failure
// (the repository by then holds the session's own changes, which would hide it).
import type { EngineContext } from '../context';
import type { BaselineRecord } from '../model';

/** Head and tail kept of the output: the start says what ran, the end why it failed. */
const KEEP_HEAD = 1000;
const KEEP_TAIL = 3000;

/**
 * Verbs that say a task adds or changes behaviour, so passing tests prove nothing about it. They
 * count as an instruction only where one starts: the task's or a clause's start, or after
 * "and", "then", "also", "please", "to" ("Add a flag", "… and support X", "we need to
 * implement Y"), so "the add test fails" stays a repair. No such verb: the task reads as a repair.
 */
const NEW_WORK =
  /(?:^|[.;:!?,]\s*|\b(?:and|then|also|please|to)\s+)(?:add|implement|create|write|introduce|support|extend|refactor|rename|extract|document|migrate|upgrade|allow|enable|remove|delete|replace|convert|port|generate|update|change|improve|optimi[sz]e|make)\b/i;

export function looksLikeNewWork(task: string): boolean {
  return NEW_WORK.test(task.trim());
}

export function trimOutput(text: string): string {
  if (text.length <= KEEP_HEAD + KEEP_TAIL) return text;
  return `${text.slice(0, KEEP_HEAD)}\n… [${text.length - KEEP_HEAD - KEEP_TAIL} characters cut] …\n${text.slice(-KEEP_TAIL)}`;
}

/** Says which verifier this run will use, before it runs anything (a resumed run too: it runs it as well). */
export function announceVerifier(ctx: EngineContext): void {
  const v = ctx.workspace?.verifier;
  if (v) ctx.events.emit({ type: 'verifier_chosen', sessionId: ctx.session.id, command: v.command ?? null, detected: v.detected, reason: v.reason });
}

/** Runs the verifier once and records it on the session (a new session, before its first step). */
export async function runBaseline(ctx: EngineContext): Promise<void> {
  const ws = ctx.workspace;
  const sid = ctx.session.id;
  if (!ws?.verifier?.command || ctx.session.metadata.baseline) return;
  if (!ws.canWrite) {
    ctx.events.emit({ type: 'log', sessionId: sid, level: 'info', message: 'baseline not run: this run does not run commands (dry run or an untrusted workspace)' });
    return;
  }
  const result = await ws.verify(0, ctx.signal);
  if (!result) return;
  const baseline: BaselineRecord = {
    command: result.command, exitCode: result.exitCode, passed: result.passed, output: trimOutput(result.output),
    durationMs: result.durationMs, at: new Date(ctx.clock.now()).toISOString(),
  };
  ctx.session.metadata = { ...ctx.session.metadata, baseline };
  ctx.store.updateSession(sid, { metadata: ctx.session.metadata });
  const note = baseline.passed && !looksLikeNewWork(ctx.session.prompt)
    ? `\`${baseline.command}\` already passes before any change, and the task reads like a repair, not new work: it may be done already, or the tests do not cover it`
    : undefined;
  ctx.events.emit({ type: 'baseline', sessionId: sid, baseline, ...(note ? { note } : {}) });
  if (note) ctx.log.warn(`session ${sid}: ${note}`);
}
