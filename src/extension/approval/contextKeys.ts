// What the editor's `when` clauses may know about decisions, computed without the editor (unit
// tested): which session a tab's candidate documents belong to, whether the active tab shows a
// paused candidate (Approve / Reject / Edit in its title bar) or a human's edit of one ("Approve
// my edit"), the tree's context values, and the status-bar words for sessions that wait.
import type { SessionRecord } from '../../engine/model';
import { truncate } from '../format';

/** The URI parts that matter here (vscode.Uri has them; tests pass plain objects). */
export interface UriLike {
  scheme: string;
  query: string;
}

export const CANDIDATE_SCHEME = 'microfactory-candidate';
/** The candidate name a paused candidate's documents carry (commands/approval.ts showDiff). */
export const PAUSED_CANDIDATE = 'paused';

export interface CandidateRef {
  sessionId: string;
  stepId: string;
  candidate: string;
}

/** A candidate's name inside its documents' URIs (their `ref` query parameter). */
export function refKey(ref: CandidateRef): string {
  return JSON.stringify([ref.sessionId, ref.stepId, ref.candidate]);
}

export function parseRefKey(key: string): CandidateRef | undefined {
  try {
    const [sessionId, stepId, candidate] = JSON.parse(key) as unknown[];
    if (typeof sessionId === 'string' && typeof stepId === 'string' && typeof candidate === 'string') return { sessionId, stepId, candidate };
  } catch {
    // malformed URI from elsewhere: no document
  }
  return undefined;
}

/** The session and candidate a candidate document belongs to, or undefined for any other URI. */
export function candidateOf(uri: UriLike): CandidateRef | undefined {
  return uri.scheme === CANDIDATE_SCHEME ? parseRefKey(new URLSearchParams(uri.query).get('ref') ?? '') : undefined;
}

export interface EditorDecisionKeys {
  /** The session whose paused candidate the active tab shows (title-bar Approve / Reject / Edit). */
  pausedCandidate: string | undefined;
  /** The session whose candidate the active tab edits ("Approve my edit"). */
  editing: string | undefined;
}

/**
 * `tab`: the URIs the open tabs show, the active tab's first (a diff has two); `waiting(id)`: the
 * session still waits for a decision on that step; `editOf(uri)`: the session an edit document
 * belongs to.
 */
export function editorDecisionKeys(
  tab: UriLike[],
  waiting: (sessionId: string, stepId: string) => boolean,
  editOf: (uri: UriLike) => string | undefined,
): EditorDecisionKeys {
  let pausedCandidate: string | undefined;
  let editing: string | undefined;
  for (const uri of tab) {
    editing ??= editOf(uri);
    const c = candidateOf(uri);
    if (c && c.candidate === PAUSED_CANDIDATE && waiting(c.sessionId, c.stepId)) pausedCandidate ??= c.sessionId;
  }
  return { pausedCandidate: editing ? undefined : pausedCandidate, editing };
}

/** Sessions that wait for a person: paused ones (a decision, or the provider), never the cancelled. */
export function waitingSessions(sessions: SessionRecord[], runningHere: (id: string) => boolean): SessionRecord[] {
  return sessions.filter((s) => s.status === 'paused' && s.waitState !== null && !runningHere(s.id));
}

/** "Microfactory: 1 paused" with the status bar's pause icon; undefined when nothing waits. */
export function pausedLabel(count: number): string | undefined {
  return count > 0 ? `$(debug-pause) Microfactory: ${count} paused` : undefined;
}

/**
 * What the paused item says when hovered or read aloud: which session waits, by its prompt, so
 * a person (and a screen reader) knows what the click opens before clicking.
 */
export function pausedTooltip(waiting: Pick<SessionRecord, 'prompt'>[]): string {
  return waiting.length === 1
    ? `"${truncate(waiting[0].prompt, 60)}" waits for your decision. Click to open it.`
    : `${waiting.length} sessions wait for your decision. Click to pick one.`;
}

/**
 * The tree's context values, which the package.json menus match: `:diff` only where a diff can
 * be shown (a paused step's planned files; a tree-flow solver's candidate), so no Compare or
 * Show Diff appears on Hanoi candidates or on pauses without a candidate.
 */
export function sessionContextValue(status: string, active: boolean, decision: boolean, diff: boolean, archived = false): string {
  return `session:${status}${active ? ':active' : ''}${decision ? ':decision' : ''}${diff ? ':diff' : ''}${archived ? ':archived' : ''}`;
}

export function candidateContextValue(flagged: boolean, flow: 'tree' | 'chain', role: string): string {
  const diff = !flagged && flow === 'tree' && role === 'solver';
  return `candidate${flagged ? ':flagged' : ''}${diff ? ':diff' : ''}`;
}
