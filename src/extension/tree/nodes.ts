// The Sessions tree's node kinds and how each renders as a TreeItem. Nodes carry the record
// they were loaded with; the provider rebuilds them on refresh (stable `id`s keep expansion).
import * as vscode from 'vscode';
import type { SampleRecord, SessionRecord, StepRecord } from '../../engine/model';
import { candidateContextValue, sessionContextValue } from '../approval/contextKeys';
import { chainSummary, describeTrigger, formatAge, formatCost, formatStepDescription, formatTokens, mainTally, truncate } from '../format';

export interface SessionNode {
  kind: 'session';
  session: SessionRecord;
  running: boolean;
  /** A paused session: whether it waits for a decision, and whether its candidate has a diff (menus' when clauses). */
  pause?: { decision: boolean; diff: boolean };
}
export interface StepNode { kind: 'step'; sessionId: string; step: StepRecord; flow: 'tree' | 'chain'; waiting: boolean }
export interface CandidateNode {
  kind: 'candidate';
  sessionId: string;
  flow: 'tree' | 'chain';
  step: StepRecord;
  /** The first sample with this key: the one a diff or comparison uses. */
  sample: SampleRecord;
  votes: number;
  winner: boolean;
}
export interface MoreNode { kind: 'more'; pageKey: string; shown: number; total: number; label: string }
export type Node = SessionNode | StepNode | CandidateNode | MoreNode;

const SESSION_ICONS: Record<SessionRecord['status'], [string, string?]> = {
  running: ['sync~spin'],
  paused: ['debug-pause', 'list.warningForeground'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

const STEP_ICONS: Record<StepRecord['status'], [string, string?]> = {
  pending: ['circle-outline'],
  running: ['sync~spin'],
  waiting: ['debug-pause', 'list.warningForeground'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
};

function icon([id, color]: [string, string?]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** Model text goes into tooltips with appendText only: it is never interpreted as markdown. */
function tooltip(lines: [string, string][], body?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  for (const [k, v] of lines) {
    md.appendMarkdown(`**${k}:** `);
    md.appendText(v);
    md.appendMarkdown('  \n');
  }
  if (body) {
    md.appendMarkdown('\n---\n');
    md.appendCodeblock(body, 'text');
  }
  return md;
}

export function sessionItem(n: SessionNode): vscode.TreeItem {
  const s = n.session;
  const status = n.running ? 'running' : s.status;
  const item = new vscode.TreeItem(truncate(s.prompt, 60), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `session:${s.id}`;
  item.description = [s.domain, status, formatAge(s.updatedAt), formatCost(s.metrics.costUsd)].join(' · ');
  item.iconPath = icon(SESSION_ICONS[status] ?? ['circle-outline']);
  item.contextValue = sessionContextValue(status, n.running, n.pause?.decision === true, n.pause?.diff === true);
  const m = s.metrics;
  item.tooltip = tooltip([
    ['Session', s.id],
    ['Status', status + (s.waitState ? ` — ${describeTrigger(s.waitState.trigger)}` : '')],
    ['Domain', `${s.domain} (${s.flow})`],
    ['Steps', `${m.stepsCompleted}/${m.stepsTotal}`],
    ['Samples', `${m.samples} (${m.redFlags} red flags, ${m.resamples} resamples)`],
    ['Tokens', `${formatTokens(m.tokensIn)} in / ${formatTokens(m.tokensOut)} out`],
    ['Cost', formatCost(m.costUsd)],
    ...(s.error ? [['Error', s.error] as [string, string]] : []),
  ], s.prompt);
  item.command = { command: 'microfactory.openSession', title: 'Open Session', arguments: [{ sessionId: s.id }] };
  return item;
}

export function stepItem(n: StepNode): vscode.TreeItem {
  const st = n.step;
  const hasChildren = (st.childIds?.length ?? 0) > 0 || st.metrics.samplesRequested > 0;
  const label = n.flow === 'chain' ? `#${st.index + 1} ${chainSummary(st)}` : truncate(st.description, 70);
  const item = new vscode.TreeItem(label, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `step:${n.sessionId}/${st.id}`;
  item.description = formatStepDescription(st) || st.phase;
  item.iconPath = icon(STEP_ICONS[st.status] ?? ['circle-outline']);
  item.contextValue = `step:${st.status}${n.waiting ? ':waiting' : ''}${st.changeSet?.files.length ? ':diff' : ''}`;
  const t = mainTally(st);
  item.tooltip = tooltip([
    ['Step', `${st.id} (${st.status}, ${st.phase})`],
    ...(t ? [['Vote', `k=${t.k}, counts ${JSON.stringify(t.counts)}, lead ${t.lead}, margin ${t.margin.toFixed(2)}, ${t.votes} votes in ${t.rounds} rounds, decided by ${t.decidedBy}`] as [string, string]] : []),
    ['Red flags', JSON.stringify(st.metrics.redFlags)],
    ['Tokens', `${formatTokens(st.metrics.tokensIn)} in / ${formatTokens(st.metrics.tokensOut)} out, ${formatCost(st.metrics.costUsd)}`],
    ...(st.changeSet ? [['Changes', st.changeSet.files.map((f) => f.path).join(', ') + (st.changeSet.applied ? ' (applied)' : ' (planned)')] as [string, string]] : []),
  ], st.description);
  return item;
}

export function candidateItem(n: CandidateNode): vscode.TreeItem {
  const s = n.sample;
  const flagged = s.flags.length > 0;
  const preview = truncate(s.key ?? s.text, 60) || '(empty)';
  const item = new vscode.TreeItem(preview, vscode.TreeItemCollapsibleState.None);
  item.id = `candidate:${n.sessionId}/${n.step.id}/${s.role}/${flagged ? `#${s.seq}` : s.key ?? `#${s.seq}`}`;
  item.description = flagged
    ? `red flag: ${s.flags.map((f) => `${f.flagger} — ${truncate(f.reason, 40)}`).join('; ')}`
    : `${n.votes} vote${n.votes === 1 ? '' : 's'}${n.winner ? ' · winner' : ''}${s.rejected ? ' · rejected' : ''} · ${s.role}`;
  item.iconPath = flagged
    ? icon(['warning', 'list.warningForeground'])
    : s.rejected
      ? icon(['close', 'disabledForeground'])
      : n.winner
        ? icon(['star-full', 'charts.yellow'])
        : icon(['circle-small']);
  item.contextValue = candidateContextValue(flagged, n.flow, s.role);
  item.tooltip = tooltip([
    ['Sample', `${s.role} #${s.seq} · ${s.model} · T=${s.temperature} · ${s.tokensOut} tokens · ${s.latencyMs} ms · finish ${s.finish}`],
    ...s.flags.map((f) => [`Red flag (${f.flagger})`, f.reason] as [string, string]),
  ], s.text);
  return item;
}

export function moreItem(n: MoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.None);
  item.id = `more:${n.pageKey}`;
  item.description = `${n.shown} of ${n.total}`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = { command: 'microfactory.loadMore', title: 'Load More', arguments: [n] };
  return item;
}
