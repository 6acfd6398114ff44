// The end-of-run report: what happened, the figures that matter (samples per step, red flags,
// the worst step's votes, cost), and for Hanoi an independent replay of the winning moves.
import type { RunOutcome } from '../app/api';
import type { SessionRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { replayHanoi, type ReplayResult } from './hanoiReplay';
import { money, sessionSummaryJson } from './output';

export async function printOutcome(store: SessionStore, outcome: RunOutcome, json: boolean): Promise<void> {
  const s = store.getSession(outcome.sessionId);
  if (!s) throw new Error(`session ${outcome.sessionId} vanished from the store`);
  const replay = s.domain === 'hanoi' || s.flow === 'chain' ? replaySession(store, s) : undefined;
  if (json) {
    const m = s.metrics;
    process.stdout.write(
      JSON.stringify({
        ...sessionSummaryJson(s),
        samples_per_step: m.stepsCompleted ? m.samples / m.stepsCompleted : null,
        max_votes_per_step: m.maxVotesPerStep,
        wall_ms: Math.round(m.wallMs),
        check: replay ?? null,
      }) + '\n',
    );
    return;
  }
  process.stdout.write(describe(s, replay) + '\n');
}

function describe(s: SessionRecord, replay?: ReplayResult): string {
  const m = s.metrics;
  const lines = [`session ${s.id} ${s.status} (${s.domain}, ${s.flow} flow)`];
  const perStep = m.stepsCompleted ? (m.samples / m.stepsCompleted).toFixed(3) : '-';
  lines.push(
    `steps: ${m.stepsCompleted}${m.stepsTotal ? `/${m.stepsTotal}` : ''}   samples: ${m.samples} (${perStep} per step)   red flags: ${m.redFlags}   most votes in one step: ${m.maxVotesPerStep}`,
  );
  lines.push(`wall: ${(m.wallMs / 1000).toFixed(2)} s   tokens: ${m.tokensIn} in / ${m.tokensOut} out   cost: ${money(m.costUsd)}`);
  if (replay) {
    lines.push(
      `hanoi check (independent replay): ${replay.moves} moves, ${replay.illegal} illegal, ${replay.solved ? 'solved' : 'NOT solved'}` +
        (replay.firstIllegal ? ` (first illegal: step ${replay.firstIllegal.step} ${JSON.stringify(replay.firstIllegal.move)}: ${replay.firstIllegal.why})` : ''),
    );
  }
  if (s.waitState) {
    lines.push(`waiting on step ${s.waitState.stepId || '-'}: ${s.waitState.trigger}: ${s.waitState.details}`);
    lines.push(`  inspect: microfactory status --session-id ${s.id}`);
    lines.push(`  continue: microfactory resume --session-id ${s.id} [--approve | --reject]`);
  }
  if (s.error) lines.push(`error: ${s.error}`);
  return lines.join('\n');
}

/** Replays a Hanoi session's winning moves, reading its steps page by page. */
export function replaySession(store: SessionStore, s: SessionRecord): ReplayResult {
  const disks = Math.round(Math.log2(s.metrics.stepsTotal + 1));
  function* moves() {
    const page = 10_000;
    for (let offset = 0; ; offset += page) {
      const steps = store.getSteps(s.id, { offset, limit: page });
      for (const st of steps) if (st.status === 'completed') yield (st.output as { move?: unknown } | undefined)?.move;
      if (steps.length < page) return;
    }
  }
  return replayHanoi(disks, moves());
}
