// The Workspace port for a folder on disk: plan (never writes), apply/rollback (atomic,
// idempotent, confined to the repo), verify (domain's command), commit (one per step).
// `canWrite: false` — dry-run, or an untrusted VS Code workspace — keeps planning but turns
// apply, rollback and verify into no-ops, so nothing is written and nothing is run.
// It also gives prompts their repository context: the map (repoMap.ts) and the files a failing
// baseline names; and it settles `verifier: auto` once, when it opens (detectVerifier.ts).
import { realpath, stat } from 'node:fs/promises';
import type { Workspace, PlanResult, VerifierChoice } from '../engine/ports';
import type { ChangeSet, VerificationRecord } from '../engine/model';
import type { DomainConfig } from '../engine/config';
import { planChangeSet } from './planner';
import { applyChangeSet, inspectChangeSet, rollbackChangeSet, WorkspaceError } from './apply';
import type { ChangeSetState } from './apply';
import { runVerifier } from './verifier';
import { describeStep } from './describe';
import { blockingDirtyEntries, commitPaths, gitTopLevel } from './git';
import { DETECTED_KINDS, detectVerifier } from './detectVerifier';
import { RepoMap } from './repoMap';
import type { TreeSitterChecker } from './treeSitter';

export interface CreateWorkspaceOptions {
  repoPath: string;
  domain: DomainConfig;
  canWrite: boolean;
  /** Accept a git repository with uncommitted changes (--allow-dirty). */
  allowDirty?: boolean;
  /** Make one commit per applied step (--commit). Needs a git repository. */
  commit?: boolean;
  /** Parses files for the repository map's symbols; without it the map lists paths only. */
  symbols?: TreeSitterChecker;
}

/** The Workspace port plus what the CLI and extension may also want. */
export interface RepoWorkspace extends Workspace {
  /** The repository root after resolving symlinks; every write stays under it. */
  readonly root: string;
  /** True when the root is inside a git work tree. */
  readonly isGit: boolean;
  /**
   * Present only with `commit: true` on a writable git workspace, so the engine's
   * `workspace.commit?.(description)` commits exactly when the user asked for it. With a
   * change set, commits its files; without, every file applied since the last commit.
   */
  commit?: (message: string, changeSet?: ChangeSet) => Promise<void>;
  /** Which side of the change set the files are on (before/after/partial/diverged). */
  inspect(changeSet: ChangeSet): Promise<ChangeSetState>;
  /** Crash recovery: puts the repository back to the change set's `before` state (= rollback). */
  recoverChangeSet(changeSet: ChangeSet): Promise<void>;
}

class FolderWorkspace implements RepoWorkspace {
  commit?: (message: string, changeSet?: ChangeSet) => Promise<void>;
  /** Files applied (and not rolled back) since the last commit. */
  private readonly uncommitted = new Set<string>();
  private readonly map: RepoMap;

  constructor(
    readonly root: string,
    readonly isGit: boolean,
    readonly canWrite: boolean,
    private readonly domain: DomainConfig,
    commitEnabled: boolean,
    readonly verifier: VerifierChoice | undefined,
    symbols: TreeSitterChecker | undefined,
  ) {
    if (commitEnabled) this.commit = (message, changeSet) => this.commitStep(message, changeSet);
    this.map = new RepoMap(root, isGit, symbols);
  }

  async describe(stepDescription: string, related?: string): Promise<{ path: string; content: string }[]> {
    return describeStep(this.root, stepDescription, related ? await this.map.mentionedWithImports(related) : []);
  }

  repoMap(query: string, tokens: number): Promise<string> {
    return this.map.render(query, tokens);
  }

  plan(candidateText: string, stepDescription: string): Promise<PlanResult> {
    return planChangeSet(this.root, this.domain, candidateText, stepDescription);
  }

  async apply(changeSet: ChangeSet): Promise<void> {
    if (!this.canWrite) return;
    await applyChangeSet(this.root, changeSet);
    for (const f of changeSet.files) this.uncommitted.add(f.path);
    this.map.invalidate(changeSet.files.map((f) => f.path));
  }

  async rollback(changeSet: ChangeSet): Promise<void> {
    if (!this.canWrite) return;
    await rollbackChangeSet(this.root, changeSet);
    for (const f of changeSet.files) this.uncommitted.delete(f.path);
    this.map.invalidate(changeSet.files.map((f) => f.path));
  }

  recoverChangeSet(changeSet: ChangeSet): Promise<void> {
    return this.rollback(changeSet);
  }

  inspect(changeSet: ChangeSet): Promise<ChangeSetState> {
    return inspectChangeSet(this.root, changeSet);
  }

  async verify(attempt: number, signal?: AbortSignal): Promise<VerificationRecord | undefined> {
    const command = this.verifier?.command;
    if (!this.canWrite || !command || command.trim() === '') return undefined;
    return runVerifier({ command, cwd: this.root, timeoutMs: this.domain.verifier!.timeoutMs, attempt, signal });
  }

  private async commitStep(message: string, changeSet?: ChangeSet): Promise<void> {
    if (!this.canWrite) return;
    const paths = changeSet ? changeSet.files.map((f) => f.path) : [...this.uncommitted];
    await commitPaths(this.root, paths, message);
    for (const p of paths) this.uncommitted.delete(p);
  }
}

/** The repository has uncommitted changes (named by `name`, so the editor can offer "Stash and Run"). */
export class DirtyWorkspaceError extends WorkspaceError {
  constructor(
    readonly repoPath: string,
    readonly paths: string[],
  ) {
    const more = paths.length > 5 ? ` and ${paths.length - 5} more` : '';
    super(`${repoPath} has uncommitted changes (${paths.slice(0, 5).join(', ')}${more}); commit or stash them, or pass --allow-dirty`);
    this.name = 'DirtyWorkspaceError';
  }
}

/**
 * Opens `repoPath` as a workspace. Throws WorkspaceError when the folder does not exist, when
 * a writable git repository has uncommitted changes (unless allowDirty), or when `commit` is
 * asked for outside a git repository. Non-git folders are fine otherwise (no dirty check).
 *
 * Note for resume: a run without --commit leaves its applied steps uncommitted, so reopening
 * the same repository needs allowDirty (the changes are the session's own).
 */
export async function createWorkspace(opts: CreateWorkspaceOptions): Promise<RepoWorkspace> {
  let root: string;
  try {
    root = await realpath(opts.repoPath);
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new WorkspaceError(`repository path ${opts.repoPath} is not a usable directory: ${(e as Error).message}`);
  }
  const isGit = (await gitTopLevel(root)) !== undefined;
  if (opts.commit && !isGit) {
    throw new WorkspaceError(`--commit needs a git repository, and ${opts.repoPath} is not inside one`);
  }
  if (isGit && opts.canWrite && !opts.allowDirty) {
    const dirty = await blockingDirtyEntries(root);
    if (dirty.length > 0) throw new DirtyWorkspaceError(opts.repoPath, dirty.map((l) => l.slice(3)));
  }
  const verifier = await chooseVerifier(root, opts.domain);
  return new FolderWorkspace(root, isGit, opts.canWrite, opts.domain, Boolean(opts.commit) && isGit && opts.canWrite, verifier, opts.symbols);
}

/** The configured command, or for `verifier: auto` what the repository declares (or why nothing). */
async function chooseVerifier(root: string, domain: DomainConfig): Promise<VerifierChoice | undefined> {
  const v = domain.verifier;
  if (!v) return undefined;
  if (!v.auto) return { command: v.command, detected: false, reason: 'set in config.yaml' };
  const found = await detectVerifier(root);
  if (found) return { command: found.command, detected: true, reason: found.reason };
  return { detected: true, reason: `verifier: auto found no test command (looked for ${DETECTED_KINDS}); changes are applied without verification. Set \`verifier: <command>\` in config.yaml to verify them.` };
}
