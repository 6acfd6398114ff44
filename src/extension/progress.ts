// The progress notification of a run: step counts from the engine's metrics events, and a
// Cancel button that really cancels (aborts in-flight LLM calls, saves as cancelled).
import * as vscode from 'vscode';
import type { RunHandle, RunOutcome } from '../app/api';
import { contextLines } from './backend';
import { formatProgress, truncate } from './format';
import { notifyBudgetWarning } from './notifications';
import type { RunRegistry } from './runs';

/**
 * `provider`: the session's (undefined: the built-in simulated model), so a free run's "$0" says why;
 * `flow`: a tree's projected total counts the steps known so far.
 */
export function trackRun(runs: RunRegistry, handle: RunHandle, title: string, provider?: string, flow: 'tree' | 'chain' = 'chain'): Promise<RunOutcome> {
  let paused: () => void = () => undefined;
  const pausedNow = new Promise<void>((resolve) => (paused = resolve));
  // The toast ends when the run pauses (its Cancel would cancel nothing while it waits for a
  // person); the pause has its own notification, status-bar item and badge.
  vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Microfactory: ${truncate(title, 60)}`, cancellable: true },
    async (progress, token) => {
      let shownPct = 0;
      const cancelSub = token.onCancellationRequested(() => handle.cancel());
      const sub = runs.onEvent((e) => {
        if (e.sessionId !== handle.sessionId) return;
        if (e.type === 'metrics') {
          const m = e.metrics;
          const pct = m.stepsTotal ? Math.min(100, (100 * m.stepsCompleted) / m.stepsTotal) : 0;
          // withProgress sums increments: report only the delta.
          progress.report({ message: formatProgress(m, provider, flow), increment: Math.max(0, pct - shownPct) });
          shownPct = Math.max(shownPct, pct);
        } else if (e.type === 'verifier_chosen' || e.type === 'baseline') {
          progress.report({ message: contextLines(e).join(' · ') });
        } else if (e.type === 'budget_warning') {
          notifyBudgetWarning(e.sessionId, e.spentUsd, e.warnUsd);
        } else if (e.type === 'paused') {
          paused();
        }
      });
      try {
        await Promise.race([handle.done, pausedNow]);
      } finally {
        sub.dispose();
        cancelSub.dispose();
      }
    },
  ).then(undefined, () => undefined); // the caller awaits handle.done and sees its failure
  return handle.done;
}
