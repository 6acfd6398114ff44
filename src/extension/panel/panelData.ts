// The JSON a session panel renders, built from the store. Bounded whatever the session's
// size: the chart shows the last MAX_STEPS steps, red flags come from those steps only.
// Everything here is data; media/session.js puts strings in the DOM with textContent only. The
// labels (votes, tokens, money) come from format.ts, so the panel reads like the tree.
import type { SessionRecord, WaitState } from '../../engine/model';
import type { SessionStore } from '../../engine/ports';
import { costLabel, isHanoiSession, rankedCounts, replaySession, sessionFigures, solvedLabel, stepNumber, voteSentence, type SessionFigures } from '../backend';
import { chainSummary, describeTrigger, formatTokens, formatVotes, isDecisionTrigger, isUndone, listsNewestFirst, mainTally, redFlagCount, topTwo, verificationLabel } from '../format';

export const MAX_STEPS = 200;
/** Hanoi sessions up to 16 disks are replayed for "solved" (the CLI replays any size, once). */
const MAX_REPLAY_STEPS = 65_535;
const MAX_FLAGS = 40;
const PREVIEW = 400;

export interface PanelStep {
  id: string;
  index: number;
  /** The step as every view names it: a tree step's id ("1.2"), a chain step's number. */
  number: string;
  depth: number;
  description: string;
  status: string;
  k: number | null;
  winnerVotes: number;
  runnerUp: number;
  margin: number | null;
  decidedBy: string | null;
  samples: number;
  redFlags: number;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  /** "k=3 · 3–1–1 · margin 1", with "(cap)" or "(open)" when the race ended so; '' before any vote. */
  votesLabel: string;
  /** The vote as a sentence (the chart's and the table's tooltip). */
  votesSentence: string;
  /** Every candidate's votes, winner first (app/labels.ts rankedCounts: the tree's order too). */
  counts: number[];
  tokensLabel: string;
  costLabel: string;
  /** The verifier's run on this step's applied change; null when none ran. */
  verification: { command: string; exitCode: number | null; passed: boolean; durationMs: number; attempt: number; label: string } | null;
  /** Files of the change set; applied and not taken back since. */
  files: string[];
  applied: boolean;
  /** Applied, then taken back (Undo in the editor, or a restore to before an earlier step). */
  undone: boolean;
}

export interface PanelFlag {
  stepId: string;
  stepLabel: string;
  role: string;
  seq: number;
  reasons: string[];
  preview: string;
}

export interface PanelData {
  session: Pick<SessionRecord, 'id' | 'prompt' | 'domain' | 'flow' | 'status' | 'createdAt' | 'updatedAt' | 'metrics' | 'error'> & {
    provider?: string;
    model?: string;
    repoPath?: string;
    /** "12k / 3.4k": tokens in / out. */
    tokensLabel: string;
    costLabel: string;
    /** The figures of the cards, from the stored totals (the tree's tooltip shows the same). */
    figures: SessionFigures;
    /** Hanoi: "solved" / "not solved" by an independent replay (as the CLI says); null otherwise. */
    verdict: string | null;
    /** Completed steps whose change was taken back. */
    undone: number;
  };
  running: boolean;
  trusted: boolean;
  untrustedReason?: string;
  steps: PanelStep[];
  stepsTotal: number;
  /** The table lists steps in the tree's order (format.ts listsNewestFirst). */
  newestFirst: boolean;
  flags: PanelFlag[];
  /** Red flags in the whole session (its stored total); `flags` lists the retained samples among them. */
  flagsTotal: number;
  wait: (WaitState & { why: string; stepLabel: string; decision: boolean; hasDiff: boolean; files: string[] }) | null;
}

export function buildPanelData(
  store: SessionStore,
  sessionId: string,
  ctx: { running: boolean; trusted: boolean; untrustedReason: string; pausedFiles?: string[] },
): PanelData | undefined {
  const s = store.getSession(sessionId);
  if (!s) return undefined;
  const total = store.countSteps(sessionId);
  const offset = Math.max(0, total - MAX_STEPS);
  const records = store.getSteps(sessionId, { offset, limit: MAX_STEPS });
  const provider = s.metadata.provider;
  const steps: PanelStep[] = records.map((st) => {
    const t = mainTally(st);
    const v = st.metrics.verification;
    const [a, b] = t ? topTwo(t) : [0, 0];
    return {
      id: st.id,
      index: st.index,
      number: stepNumber(st, s.flow),
      depth: st.depth,
      description: s.flow === 'chain' ? chainSummary(st) || st.description : st.description,
      status: st.status,
      k: t?.k ?? null,
      winnerVotes: a,
      runnerUp: b,
      margin: t ? t.margin : null,
      decidedBy: t?.decidedBy ?? null,
      samples: st.metrics.samplesRequested,
      redFlags: redFlagCount(st),
      costUsd: st.metrics.costUsd,
      tokensIn: st.metrics.tokensIn,
      tokensOut: st.metrics.tokensOut,
      votesLabel: t ? formatVotes(t) : '',
      votesSentence: t ? voteSentence(t) : 'No vote yet.',
      counts: t ? rankedCounts(t).map(([, n]) => n) : [],
      tokensLabel: formatTokens(st.metrics.tokensIn + st.metrics.tokensOut),
      costLabel: costLabel(st.metrics.costUsd, { provider, tokens: st.metrics.tokensIn + st.metrics.tokensOut }),
      verification: v ? { command: v.command, exitCode: v.exitCode, passed: v.passed, durationMs: v.durationMs, attempt: v.attempt, label: verificationLabel(st) } : null,
      files: st.changeSet?.files.map((f) => f.path) ?? [],
      applied: st.changeSet?.applied === true && !isUndone(st),
      undone: isUndone(st),
    };
  });
  const flags: PanelFlag[] = [];
  for (const st of [...records].reverse()) {
    if (flags.length >= MAX_FLAGS) break;
    if (redFlagCount(st) === 0) continue;
    for (const sample of store.getSamples(sessionId, st.id)) {
      if (!sample.flags.length || flags.length >= MAX_FLAGS) continue;
      flags.push({
        stepId: st.id,
        stepLabel: `${stepNumber(st, s.flow)} ${st.description}`,
        role: sample.role,
        seq: sample.seq,
        reasons: sample.flags.map((f) => `${f.flagger}: ${f.reason}`),
        preview: sample.text.slice(0, PREVIEW),
      });
    }
  }
  let wait: PanelData['wait'] = null;
  if (s.waitState) {
    const st = store.getStep(sessionId, s.waitState.stepId);
    const files = ctx.pausedFiles ?? [];
    wait = {
      ...s.waitState,
      why: describeTrigger(s.waitState.trigger),
      stepLabel: st ? `${stepNumber(st, s.flow)} ${st.description}` : s.waitState.stepId,
      decision: isDecisionTrigger(s.waitState.trigger),
      hasDiff: files.length > 0,
      files,
    };
  }
  const md = s.metadata;
  const checkable = s.status === 'completed' && isHanoiSession(s) && s.metrics.stepsTotal <= MAX_REPLAY_STEPS;
  return {
    session: {
      id: s.id, prompt: s.prompt, domain: s.domain, flow: s.flow, status: s.status, createdAt: s.createdAt, updatedAt: s.updatedAt, metrics: s.metrics, error: s.error,
      provider: md.provider, model: md.model, repoPath: md.repoPath,
      tokensLabel: `${formatTokens(s.metrics.tokensIn)} / ${formatTokens(s.metrics.tokensOut)}`,
      costLabel: costLabel(s.metrics.costUsd, { provider, tokens: s.metrics.tokensIn + s.metrics.tokensOut }),
      figures: sessionFigures(s.metrics, provider, s.flow),
      verdict: checkable ? solvedLabel(replaySession(store, s).solved) : null,
      undone: steps.filter((st) => st.undone).length,
    },
    running: ctx.running,
    trusted: ctx.trusted,
    untrustedReason: ctx.trusted ? undefined : ctx.untrustedReason,
    steps,
    stepsTotal: total,
    newestFirst: listsNewestFirst(s.flow),
    flags,
    flagsTotal: s.metrics.redFlags,
    wait,
  };
}
