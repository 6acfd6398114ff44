// The JSON serve returns. Sessions, details, steps and export lines ARE the CLI's shapes
// (src/app/json.ts), so a dashboard can switch between `status --json` and HTTP without a
// second parser. What only serve has (one step in full, a sample) is below.
import { stepJson } from '../app/json';
import type { SampleRecord, StepRecord } from '../engine/model';

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
