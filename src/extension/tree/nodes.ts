// The Sessions tree's node kinds and how each renders as a TreeItem. Nodes carry the record
// they were loaded with; the provider rebuilds them on refresh (stable `id`s keep expansion).
import * as vscode from 'vscode';
import type { SampleRecord, SessionRecord, StepRecord } from '../../engine/model';
import { candidateContextValue, sessionContextValue } from '../approval/contextKeys';
import { costLabel, sessionFigures, voteSentence } from '../backend';
import { chainSummary, describeTrigger, formatAge, formatStepDescription, formatTokens, isUndone, mainTally, redFlagSentence, truncate, verificationLabel } from '../format';

/**
 * `undone`: completed steps whose applied change was taken back (Undo, or a restore to before a step).
 * `pause`: a paused session, whether it waits for a decision and whether its candidate has a diff (menus' when clauses).
 */
export interface SessionNode { kind: 'session'; session: SessionRecord; running: boolean; undone?: number; pause?: { decision: boolean; diff: boolean } }
export interface StepNode { kind: 'step'; sessionId: string; step: StepRecord; flow: 'tree' | 'chain'; waiting: boolean; provider?: string }
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
  const shown = status + (n.undone ? ` · ${n.undone} undone` : '');
  const item = new vscode.TreeItem(truncate(s.prompt, 60), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `session:${s.id}`;
  const m = s.metrics;
  const f = sessionFigures(m, s.metadata.provider);
  item.description = [s.domain, shown, ...(s.archived ? ['archived'] : []), formatAge(s.updatedAt), f.cost].join(' · ');
  item.iconPath = icon(SESSION_ICONS[status] ?? ['circle-outline']);
  item.contextValue = sessionContextValue(status, n.running, n.pause?.decision === true, n.pause?.diff === true, s.archived === true);
  item.tooltip = tooltip([
    ['Session', s.id],
    ['Status', shown + (s.waitState ? ` — ${describeTrigger(s.waitState.trigger)}` : '')],
    ['Domain', `${s.domain} (${s.flow})`],
    ['Steps', `${f.steps} completed`],
    ['Samples', `${f.samples} drawn, ${f.redFlags} red-flagged, ${f.resamples} resampled`],
    ['Tokens', f.tokens],
    ['Cost', f.cost],
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
  const undone = isUndone(st);
  const verified = verificationLabel(st);
  item.description = [formatStepDescription(st) || st.phase, verified, undone ? 'undone' : ''].filter(Boolean).join(' · ');
  item.iconPath = undone ? icon(['discard', 'disabledForeground']) : icon(STEP_ICONS[st.status] ?? ['circle-outline']);
  const applied = st.changeSet?.applied && !undone ? ':applied' : '';
  item.contextValue = `step:${st.status}${n.waiting ? ':waiting' : ''}${st.changeSet?.files.length ? ':diff' : ''}${applied}${st.metrics.verification ? ':verified' : ''}`;
  const t = mainTally(st);
  const m = st.metrics;
  const v = m.verification;
  item.tooltip = tooltip([
    ['Step', `${st.id} is ${st.status}${undone ? ' and undone' : ''} (phase ${st.phase}).`],
    ...(t ? [['Vote', voteSentence(t)] as [string, string]] : []),
    ['Red flags', redFlagSentence(st)],
    ['Tokens', `${formatTokens(m.tokensIn)} in / ${formatTokens(m.tokensOut)} out, costing ${costLabel(m.costUsd, { provider: n.provider, tokens: m.tokensIn + m.tokensOut })}.`],
    ...(v ? [['Verifier', `\`${v.command}\` ${v.passed ? 'passed' : 'failed'} with exit code ${v.exitCode ?? 'none'} in ${(v.durationMs / 1000).toFixed(1)} s (attempt ${v.attempt}).`] as [string, string]] : []),
    ...(st.changeSet ? [['Changes', st.changeSet.files.map((f) => f.path).join(', ') + (undone ? ' (undone)' : st.changeSet.applied ? ' (applied)' : ' (planned)')] as [string, string]] : []),
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
