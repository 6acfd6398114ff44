// The words every front end uses for a vote, a price and a session's figures: the CLI's status
// and progress lines, the extension's tree, panel and notifications, and serve's JSON
// (`votes_label`). One function per figure, so "k=2 · 3–1–1 · margin 1" reads the same wherever
// it is printed. Pure: no I/O, light enough for the extension's activation bundle.
import type { SessionMetrics, StepRecord, VoteTally } from '../engine/model';
import { projectTotal } from '../engine/projection';

/**
 * The one order candidates are listed in (a tally's counts, the tree's candidate rows): the
 * winner first, then by votes, most first. Sort with a stable sort over the order they were first
 * drawn, so ties stay in that order.
 */
export function compareRanked(a: { winner: boolean; votes: number }, b: { winner: boolean; votes: number }): number {
  return Number(b.winner) - Number(a.winner) || b.votes - a.votes;
}

/** A tally's candidates in that order (the tally records them in the order first drawn). */
export function rankedCounts(t: VoteTally): [string, number][] {
  return Object.entries(t.counts)
    .map(([key, votes]) => ({ key, votes, winner: t.winner !== undefined && key === t.winner }))
    .sort(compareRanked)
    .map(({ key, votes }): [string, number] => [key, votes]);
}

/**
 * "4–1–1": every candidate's votes, in rankedCounts order. A unanimous race reads "3–0" (for and
 * against), an empty one "0–0".
 */
export function tallyText(t: VoteTally): string {
  const counts = rankedCounts(t).map(([, n]) => n);
  while (counts.length < 2) counts.push(0);
  return counts.join('–');
}

/** "k=2 · 4–1–1 · margin 2", with "(cap)" or "(open)" when the race ended so. */
export function votesLabel(t: VoteTally): string {
  const end = t.decidedBy === 'cap' ? ' (cap)' : t.decidedBy === 'undecided' ? ' (open)' : '';
  return `k=${t.k} · ${tallyText(t)} · margin ${Math.round(t.margin)}${end}`;
}

/** The tally a step is best described by: its solution vote, else its decomposition vote. */
export function mainTally(step: Pick<StepRecord, 'metrics'>): VoteTally | undefined {
  return step.metrics.tally ?? step.metrics.decompositionTally;
}

/** A step's vote in every view ('' before any): the CLI's status table, serve's `votes_label`, the tree, the panel. */
export function stepVotesLabel(step: Pick<StepRecord, 'metrics'>): string {
  const t = mainTally(step);
  return t ? votesLabel(t) : '';
}

/** How a step is named: a tree step by its id ("1.2", its place in the tree), a chain step by its number ("#7"). */
export function stepNumber(step: Pick<StepRecord, 'id' | 'index'>, flow: 'tree' | 'chain'): string {
  return flow === 'tree' ? step.id : `#${step.index + 1}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The same race as a sentence, for tooltips. */
export function voteSentence(t: VoteTally): string {
  const ranked = rankedCounts(t);
  const rivals = ranked.length - 1;
  const how = t.decidedBy === 'lead'
    ? `decided when the winner led by k=${t.k}`
    : t.decidedBy === 'cap'
      ? `the vote cap decided it by plurality (k=${t.k} was not reached)`
      : `still open (k=${t.k} not reached)`;
  const winner = t.winner !== undefined && ranked.length ? `the winner had ${plural(ranked[0][1], 'vote')}` : 'no winner yet';
  const field = rivals > 0 ? `, ${plural(rivals, 'other answer')} had ${ranked.slice(1).map(([, n]) => n).join(', ')}` : '';
  return `${plural(t.votes, 'vote')} in ${plural(t.rounds, 'round')}: ${winner}${field}; margin ${Math.round(t.margin)}; ${how}.`;
}

/** Providers that answer locally and cost nothing by design. */
const FREE_PROVIDERS = new Set(['simulated', 'scripted']);

export function money(usd: number): string {
  if (!usd || !Number.isFinite(usd)) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/**
 * A cost that says why it is zero: "$0 (simulated)" for the built-in models, "$0 (unpriced)" when
 * tokens were spent on a model without a known price, plain "$0" when nothing was spent.
 */
export function costLabel(usd: number, ctx: { provider?: string; tokens: number }): string {
  if (usd && Number.isFinite(usd)) return money(usd);
  if (isFreeProvider(ctx.provider)) return '$0 (simulated)';
  return ctx.tokens > 0 ? '$0 (unpriced)' : '$0';
}

/** The built-in models (and no provider named: the simulated default) cost nothing by design. */
export function isFreeProvider(provider: string | undefined): boolean {
  return provider === undefined || FREE_PROVIDERS.has(provider);
}

/**
 * The projected total (engine/projection.ts) in words: "$0.42 ($0.35–$0.51)", with "for the steps
 * known so far" while a tree may still grow; "unpriced" (never "$0") when tokens were spent on a
 * model without a price; '' before anything is measured, when nothing is left to run, or for the free built-in models.
 */
export function projectedLabel(m: SessionMetrics, provider: string | undefined, flow: 'tree' | 'chain'): string {
  const p = projectTotal(m, flow);
  if (!p || p.remainingSteps === 0) return '';
  // A free model's projection is $0 by design: not worth a word on every line.
  if (!p.usd) return isFreeProvider(provider) ? '' : 'unpriced';
  const range = `${money(p.usd.mid)} (${money(p.usd.low)}–${money(p.usd.high)})`;
  return p.open ? `${range} for the steps known so far` : range;
}

export function tokensLabel(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/**
 * " (1.2k cached, 1.1k written to cache)": the parts of the input tokens the providers' prompt
 * caches served and stored, for every view that shows the tokens; '' when no provider reported any.
 */
export function cacheNote(m: Pick<SessionMetrics, 'tokensCached' | 'tokensCacheWrite'>, label: (n: number) => string = tokensLabel): string {
  const parts: string[] = [];
  if (m.tokensCached) parts.push(`${label(m.tokensCached)} cached`);
  if (m.tokensCacheWrite) parts.push(`${label(m.tokensCacheWrite)} written to cache`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A session's figures, read from its stored totals only: every view shows these same strings. */
export interface SessionFigures {
  steps: string;
  samples: string;
  redFlags: string;
  resamples: string;
  tokens: string;
  cost: string;
  /** projectedLabel: '' when there is nothing to project. */
  projected: string;
}

export function sessionFigures(m: SessionMetrics, provider: string | undefined, flow: 'tree' | 'chain' = 'chain'): SessionFigures {
  return {
    steps: `${m.stepsCompleted}${m.stepsTotal ? `/${m.stepsTotal}` : ''}`,
    samples: String(m.samples),
    redFlags: String(m.redFlags),
    resamples: String(m.resamples),
    tokens: `${tokensLabel(m.tokensIn)} in${cacheNote(m)} / ${tokensLabel(m.tokensOut)} out`,
    cost: costLabel(m.costUsd, { provider, tokens: m.tokensIn + m.tokensOut }),
    projected: projectedLabel(m, provider, flow),
  };
}

/** "step 3/15 · 42 samples · 5 red flags · 1.9k tokens · $0.02 · projected $0.09 ($0.07–$0.11)": a running or paused session on one line. */
export function progressLine(m: SessionMetrics, provider: string | undefined, flow: 'tree' | 'chain' = 'chain'): string {
  const f = sessionFigures(m, provider, flow);
  const parts = [`step ${f.steps}`, plural(m.samples, 'sample')];
  if (m.redFlags) parts.push(plural(m.redFlags, 'red flag'));
  parts.push(`${tokensLabel(m.tokensIn + m.tokensOut)} tokens`, f.cost);
  if (f.projected) parts.push(`projected ${f.projected}`);
  return parts.join(' · ');
}

/** The spend warning's one sentence, as the CLI prints it and the editor's notification shows it. */
export function budgetWarningText(sessionId: string, spentUsd: number, warnUsd: number): string {
  return `session ${sessionId} has spent ${money(spentUsd)}, past its warning mark of ${money(warnUsd)} (--warn-usd); it goes on (--budget-usd is the hard cap)`;
}

/** A Hanoi session's verdict, as the CLI's summary words it. */
export function solvedLabel(solved: boolean): string {
  return solved ? 'solved' : 'not solved';
}

/** "3m ago", "2h ago", "5d ago": short enough for a table cell or a tree description. */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return '';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}
