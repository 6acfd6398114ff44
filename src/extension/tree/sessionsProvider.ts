// Sessions → steps → candidates, read from the store one page at a time, so a session with a
// million chain steps opens instantly: nothing below a collapsed node is ever queried. It
// refreshes itself from engine events (runs in this window) and from store changes made by
// other processes (the CLI in a terminal), coalesced into at most a few redraws a second.
import * as vscode from 'vscode';
import type { SampleRecord, SessionRecord } from '../../engine/model';
import { compareRanked } from '../backend';
import { isDecisionTrigger } from '../format';
import { DisposableStore, debounce } from '../disposables';
import { isUndone, listsNewestFirst } from '../format';
import type { RunRegistry } from '../runs';
import type { StoreHost } from '../storeHost';
import { candidateItem, moreItem, sessionItem, stepItem, type CandidateNode, type MoreNode, type Node, type SessionNode, type StepNode } from './nodes';

export const PAGE = { sessions: 50, steps: 100 };
/** How many steps of a tree session are read to count its undone ones. */
const UNDONE_SCAN = 1000;

/** What a paused session's menus may offer (one step read per paused session on the page). */
function pauseOf(store: Awaited<ReturnType<StoreHost['open']>>, s: SessionRecord): SessionNode['pause'] {
  if (s.status !== 'paused' || !s.waitState) return undefined;
  const step = s.waitState.stepId ? store.getStep(s.id, s.waitState.stepId) : undefined;
  return { decision: isDecisionTrigger(s.waitState.trigger), diff: (step?.changeSet?.files.length ?? 0) > 0 };
}

export class SessionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** How many children each "Load more" has revealed so far, by page key. */
  private readonly shown = new Map<string, number>();
  /** The view's Show Archived toggle: archived sessions are listed only while it is on. */
  showArchived = false;
  private readonly refreshSoon = this.disposables.add(debounce(250, () => this.changed.fire(undefined)));

  constructor(
    private readonly store: StoreHost,
    private readonly runs: RunRegistry,
  ) {
    this.disposables.add(runs.onEvent((e) => {
      // Samples arrive many times a second: redraw on events that change what a row shows.
      if (e.type !== 'sample_drawn' && e.type !== 'log') this.refreshSoon.trigger();
    }));
    this.disposables.add(runs.onDidFinish(() => this.refreshSoon.trigger()));
    this.disposables.add(store.onDidChangeExternally(() => this.refreshSoon.trigger()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  loadMore(node: MoreNode): void {
    this.shown.set(node.pageKey, node.shown + (node.pageKey === 'root' ? PAGE.sessions : PAGE.steps));
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'session': return sessionItem(node);
      case 'step': return stepItem(node);
      case 'candidate': return candidateItem(node);
      case 'more': return moreItem(node);
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const store = await this.store.open();
    if (!node) return this.sessions(store);
    if (node.kind === 'session') return this.steps(store, node.session.id, null, node.session.flow, node.session.waitState?.stepId, node.session.metadata.provider);
    if (node.kind === 'step') {
      const waitingOn = store.getSession(node.sessionId)?.waitState?.stepId;
      const children = node.step.childIds?.length ? await this.steps(store, node.sessionId, node.step.id, node.flow, waitingOn, node.provider) : [];
      return [...children, ...this.candidates(store.getSamples(node.sessionId, node.step.id), node)];
    }
    return [];
  }

  private sessions(store: Awaited<ReturnType<StoreHost['open']>>): Node[] {
    const limit = this.shown.get('root') ?? PAGE.sessions;
    // One extra row tells us whether there is more without a COUNT over all sessions.
    const rows = store.listSessions({ limit: limit + 1, archived: this.showArchived ? undefined : false });
    const nodes: Node[] = rows.slice(0, limit).map((session): SessionNode => ({
      kind: 'session', session, running: this.runs.isRunning(session.id), pause: pauseOf(store, session),
      // Only a tree session applies change sets; its steps are few (a chain's may be millions).
      undone: session.flow === 'tree' ? store.getSteps(session.id, { limit: UNDONE_SCAN }).filter(isUndone).length : 0,
    }));
    if (rows.length > limit) nodes.push({ kind: 'more', pageKey: 'root', shown: limit, total: limit + 1, label: 'Load more sessions…' });
    return nodes;
  }

  /**
   * Chains list newest first (the interesting end of a long run), trees in their natural
   * order. Either way only one page is read.
   */
  private steps(store: Awaited<ReturnType<StoreHost['open']>>, sessionId: string, parentId: string | null, flow: 'tree' | 'chain', waitingOn: string | undefined, provider: string | undefined): Node[] {
    const pageKey = `${sessionId}/${parentId ?? ''}`;
    const limit = this.shown.get(pageKey) ?? PAGE.steps;
    const total = store.countSteps(sessionId, { parentId });
    const newestFirst = listsNewestFirst(flow);
    const offset = newestFirst ? Math.max(0, total - limit) : 0;
    let rows = store.getSteps(sessionId, { parentId, offset, limit });
    if (newestFirst) rows = rows.reverse();
    const nodes: Node[] = rows.map((step): StepNode => ({ kind: 'step', sessionId, step, flow, waiting: step.id === waitingOn, provider }));
    if (total > limit) {
      nodes.push({ kind: 'more', pageKey, shown: limit, total, label: newestFirst ? 'Load older steps…' : 'Load more steps…' });
    }
    return nodes;
  }

  /** Valid samples grouped by their vote key (one row per distinct answer); red-flagged ones listed singly. */
  private candidates(samples: SampleRecord[], node: StepNode): CandidateNode[] {
    const tallies = [node.step.metrics.decompositionTally, node.step.metrics.tally];
    const groups = new Map<string, CandidateNode>();
    const flagged: CandidateNode[] = [];
    for (const s of samples) {
      if (s.flags.length > 0) {
        flagged.push({ kind: 'candidate', sessionId: node.sessionId, flow: node.flow, step: node.step, sample: s, votes: 0, winner: false });
        continue;
      }
      const key = `${s.role}\u0000${s.key ?? `#${s.seq}`}`;
      const g = groups.get(key);
      if (g) g.votes++;
      else {
        const winner = s.key !== undefined && tallies.some((t) => t?.winner === s.key);
        groups.set(key, { kind: 'candidate', sessionId: node.sessionId, flow: node.flow, step: node.step, sample: s, votes: 1, winner });
      }
    }
    return [...[...groups.values()].sort(compareRanked), ...flagged];
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
