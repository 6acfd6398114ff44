// The JSON a session panel renders, built from the store. Bounded whatever the session's
// size: the chart shows the last MAX_STEPS steps, red flags come from those steps only.
// Everything here is data; media/session.js puts strings in the DOM with textContent only. The
// labels (votes, tokens, money) come from format.ts, so the panel reads like the tree.
import type { SessionRecord, WaitState } from '../../engine/model';
import type { SessionStore } from '../../engine/ports';
import { chainSummary, describeTrigger, formatCost, formatTokens, formatVotes, isDecisionTrigger, mainTally, redFlagCount, topTwo } from '../format';

export const MAX_STEPS = 200;
const MAX_FLAGS = 40;
const PREVIEW = 400;

export interface PanelStep {
  id: string;
  index: number;
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
  /** "k=3 · 3–1", with "(cap)" or "(open)" when the race ended so; '' before any vote. */
  votesLabel: string;
  tokensLabel: string;
  costLabel: string;
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
  };
  running: boolean;
  trusted: boolean;
  untrustedReason?: string;
  steps: PanelStep[];
  stepsTotal: number;
  flags: PanelFlag[];
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
  const steps: PanelStep[] = records.map((st) => {
    const t = mainTally(st);
    const [a, b] = t ? topTwo(t) : [0, 0];
    return {
      id: st.id,
      index: st.index,
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
      tokensLabel: formatTokens(st.metrics.tokensIn + st.metrics.tokensOut),
      costLabel: formatCost(st.metrics.costUsd),
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
        stepLabel: `#${st.index + 1} ${st.description}`,
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
      stepLabel: st ? `#${st.index + 1} ${st.description}` : s.waitState.stepId,
      decision: isDecisionTrigger(s.waitState.trigger),
      hasDiff: files.length > 0,
      files,
    };
  }
  const md = s.metadata;
  return {
    session: {
      id: s.id, prompt: s.prompt, domain: s.domain, flow: s.flow, status: s.status, createdAt: s.createdAt, updatedAt: s.updatedAt, metrics: s.metrics, error: s.error,
      provider: md.provider, model: md.model, repoPath: md.repoPath,
      tokensLabel: `${formatTokens(s.metrics.tokensIn)} / ${formatTokens(s.metrics.tokensOut)}`,
      costLabel: formatCost(s.metrics.costUsd),
    },
    running: ctx.running,
    trusted: ctx.trusted,
    untrustedReason: ctx.trusted ? undefined : ctx.untrustedReason,
    steps,
    stepsTotal: total,
    flags,
    wait,
  };
}
