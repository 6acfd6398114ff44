// The JSON serve returns. Sessions and steps reuse the CLI's shapes (src/cli/output.ts), so a
// dashboard can switch between `status --json` and HTTP without a second parser.
// detailJson and exportLine are copies of what status.ts and export.ts build inline; the serve
// tests compare them with the CLI's real output, so a drift fails a test instead of a dashboard.
import { sessionSummaryJson, stepJson } from '../cli/output';
import type { SampleRecord, SessionRecord, StepRecord } from '../engine/model';

/** `status --session-id ID --json`. */
export function detailJson(s: SessionRecord, steps: StepRecord[], stored: number) {
  return { ...sessionSummaryJson(s), metrics: s.metrics, metadata: s.metadata, steps_listed: steps.length, steps_stored: stored, steps: steps.map(stepJson) };
}

/** One line of `microfactory export`. */
export function exportLine(st: StepRecord) {
  return {
    id: st.id, parent: st.parentId, description: st.description, status: st.status, winner: st.winnerText ?? null,
    output: st.output ?? null, votes: st.metrics.tally?.counts ?? null, margin: st.metrics.tally?.margin ?? null,
  };
}

/** One step with what the list leaves out (winner text, parsed output, full tally). */
export function stepDetailJson(st: StepRecord) {
  return { ...stepJson(st), winner: st.winnerText ?? null, output: st.output ?? null, tally: st.metrics.tally ?? null, input: st.input ?? null };
}

/** A sample as drawn: the `subprocess` candidate shape plus what a reviewer needs to judge it. */
export function sampleJson(c: SampleRecord) {
  return {
    role: c.role, seq: c.seq, text: c.text, key: c.key ?? null, flags: c.flags, tokens_in: c.tokensIn, tokens_out: c.tokensOut,
    finish: c.finish, temperature: c.temperature, latency_ms: c.latencyMs, model: c.model, rejected: c.rejected ?? false,
  };
}
