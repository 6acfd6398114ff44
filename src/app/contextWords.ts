// The words for a run's repository context events (which verifier, how the baseline went), one
// wording for every front end: the CLI prints them, the extension reports them in its progress
// notification and output channel.
import type { EngineEvent } from '../engine/events';

/** The lines to show for a `verifier_chosen` or `baseline` event; [] for any other event. */
export function contextLines(e: EngineEvent): string[] {
  if (e.type === 'verifier_chosen') {
    // Shown before the command runs: it runs code from the repository on this machine.
    if (!e.command) return [`verifier: none. ${e.reason}`];
    return [`verifier: ${e.command} (${e.detected ? `detected: ${e.reason}` : e.reason})`];
  }
  if (e.type === 'baseline') {
    const b = e.baseline;
    const how = b.passed ? 'passes' : b.exitCode === null ? 'timed out' : `fails (exit ${b.exitCode})`;
    const lines = [`baseline: \`${b.command}\` ${how} before any change (${(b.durationMs / 1000).toFixed(1)}s)`];
    if (e.note) lines.push(`note: ${e.note}`);
    return lines;
  }
  return [];
}
