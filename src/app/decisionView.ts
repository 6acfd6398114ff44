// What a person needs on screen to decide a pause, as plain JSON (the session panel renders it;
// serve or an MCP server may send it as is): the step and why it waits, the candidate's diff
// per file beside its vote tally and the other candidates, and the choices the pause allows.
import { createTwoFilesPatch } from 'diff';
import type { SessionStore } from '../engine/ports';
import { choiceLabel, decisionChoices, pauseFacts, providerEndpoint, type DecisionChoice } from './decision';

const MAX_DIFF_CHARS = 20_000;
const MAX_CANDIDATES = 8;
const PREVIEW = 600;

export interface DecisionView {
  sessionId: string;
  stepId: string;
  stepLabel: string;
  trigger: string;
  details: string;
  /** Provider pauses: where the calls went. */
  endpoint?: string;
  choices: { id: DecisionChoice; label: string }[];
  /** The vote on the paused step: k and the counts, largest first, with the winner marked. */
  tally?: { k: number; counts: { key: string; votes: number; winner: boolean }[] };
  /** The candidate's files as unified diffs (file as it is → as the candidate leaves it). */
  files: { path: string; kind: 'modified' | 'created' | 'deleted'; diff: string; truncated: boolean }[];
  /** The other answers drawn for the step, each once, with its votes. */
  candidates: { label: string; votes: number; winner: boolean; rejected: boolean; flagged: string | null; preview: string }[];
}

export function decisionView(store: SessionStore, sessionId: string): DecisionView | undefined {
  const s = store.getSession(sessionId);
  const wait = s?.waitState;
  if (!s || s.status !== 'paused' || !wait) return undefined;
  const step = wait.stepId ? store.getStep(sessionId, wait.stepId) : undefined;
  const facts = pauseFacts(s, step)!;
  const tally = step?.metrics.tally ?? step?.metrics.decompositionTally;
  const files = (step?.changeSet?.files ?? []).map((f) => {
    const diff = createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, f.before ?? '', f.after ?? '', '', '', { context: 3 });
    return {
      path: f.path,
      kind: f.before === null ? ('created' as const) : f.after === null ? ('deleted' as const) : ('modified' as const),
      diff: diff.slice(0, MAX_DIFF_CHARS),
      truncated: diff.length > MAX_DIFF_CHARS,
    };
  });
  const seen = new Map<string, DecisionView['candidates'][number]>();
  for (const sample of step ? store.getSamples(sessionId, step.id) : []) {
    const key = sample.key ?? `#${sample.seq}`;
    const flagged = sample.flags.length ? sample.flags.map((f) => `${f.flagger}: ${f.reason}`).join('; ') : null;
    const id = flagged ? `${sample.role}#${sample.seq}` : `${sample.role}\u0000${key}`;
    const known = seen.get(id);
    if (known) {
      known.votes++;
      continue;
    }
    seen.set(id, {
      label: `${sample.role} #${sample.seq}`,
      votes: flagged ? 0 : 1,
      winner: !flagged && tally?.winner === sample.key,
      rejected: sample.rejected === true || (step?.rejectedKeys ?? []).includes(key),
      flagged,
      preview: sample.text.slice(0, PREVIEW),
    });
  }
  const candidates = [...seen.values()].sort((a, b) => Number(b.winner) - Number(a.winner) || b.votes - a.votes).slice(0, MAX_CANDIDATES);
  return {
    sessionId,
    stepId: wait.stepId,
    stepLabel: step ? `step ${step.index + 1} "${step.description}"` : `step ${wait.stepId}`,
    trigger: wait.trigger,
    details: wait.details,
    ...(wait.trigger === 'provider_error' ? { endpoint: providerEndpoint(s.metadata) } : {}),
    choices: decisionChoices(facts).map((id) => ({ id, label: choiceLabel(id) })),
    tally: tally
      ? { k: tally.k, counts: Object.entries(tally.counts).sort((a, b) => b[1] - a[1]).map(([key, votes]) => ({ key, votes, winner: key === tally.winner })) }
      : undefined,
    files,
    candidates,
  };
}
