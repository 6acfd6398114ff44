// The end-of-run report: what happened, the figures that matter (samples per step, red flags,
// the worst step's votes, cost), and for Hanoi an independent replay of the winning moves.
import type { RunOutcome } from '../app/api';
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { isHanoiSession, replaySession, type ReplayResult } from '../app/hanoiCheck';
import type { CliView } from './observe';
import { money, sessionSummaryJson } from './output';
import { cacheNote, solvedLabel } from '../app/labels';

export interface OutcomeView {
  /** --json: one JSON object instead of the text summary. */
  json: boolean;
  /** Where the session log is, and whether the global flags replaced the summary (--inspect) or want it as a record (--log-json). */
  view: Pick<CliView, 'globals' | 'logPath' | 'printRecord'>;
}

export async function printOutcome(store: SessionStore, outcome: RunOutcome, o: OutcomeView): Promise<void> {
  // --inspect replaces the normal output with the LLM traffic; the exit code still tells the outcome.
  if (o.view.globals.inspect) return;
  const s = store.getSession(outcome.sessionId);
  if (!s) throw new Error(`session ${outcome.sessionId} vanished from the store`);
  const replay = isHanoiSession(s) ? replaySession(store, s) : undefined;
  const logFile = o.view.logPath(s.id);
  if (o.json || o.view.globals.logJson) {
    const m = s.metrics;
    const summary = {
      ...sessionSummaryJson(s),
      samples_per_step: m.stepsCompleted ? m.samples / m.stepsCompleted : null,
      max_votes_per_step: m.maxVotesPerStep,
      wall_ms: Math.round(m.wallMs),
      check: replay ?? null,
      log_file: logFile,
    };
    if (o.view.globals.logJson) o.view.printRecord({ ts: new Date().toISOString(), level: 'info', type: 'summary', ...summary });
    else process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  process.stdout.write(describe(s, replay, logFile) + '\n');
}

function describe(s: SessionRecord, replay: ReplayResult | undefined, logFile: string): string {
  const m = s.metrics;
  const lines = [`session ${s.id} ${s.status} (${s.domain}, ${s.flow} flow)`];
  const perStep = m.stepsCompleted ? (m.samples / m.stepsCompleted).toFixed(3) : '-';
  lines.push(
    `steps: ${m.stepsCompleted}${m.stepsTotal ? `/${m.stepsTotal}` : ''}   samples: ${m.samples} (${perStep} per step)   red flags: ${m.redFlags}   most votes in one step: ${m.maxVotesPerStep}`,
  );
  lines.push(`wall: ${(m.wallMs / 1000).toFixed(2)} s   tokens: ${m.tokensIn} in${cacheNote(m, String)} / ${m.tokensOut} out   cost: ${money(m.costUsd)}`);
  if (replay) {
    lines.push(
      `hanoi check (independent replay): ${replay.moves} moves, ${replay.illegal} illegal, ${solvedLabel(replay.solved)}` +
        (replay.firstIllegal ? ` (first illegal: step ${replay.firstIllegal.step} ${JSON.stringify(replay.firstIllegal.move)}: ${replay.firstIllegal.why})` : ''),
    );
  }
  if (s.waitState) {
    lines.push(`waiting on step ${s.waitState.stepId || '-'}: ${s.waitState.trigger}: ${s.waitState.details}`);
    lines.push(`  inspect: microfactory status --session-id ${s.id}`);
    lines.push(`  continue: microfactory resume --session-id ${s.id} [--approve | --reject]`);
  }
  if (s.error) lines.push(`error: ${s.error}`);
  lines.push(`log: ${logFile}`);
  return lines.join('\n');
}
