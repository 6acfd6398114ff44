// The repository side of a run: a Workspace when the domain applies or verifies changes, and a
// tree-sitter checker when any of its red flaggers is `syntax` or a repository map is drawn.
// Both are created only when needed, so a hanoi run never loads a grammar or touches a repository.
import { resolve } from 'node:path';
import type { DomainConfig } from '../engine/config';
import type { SyntaxChecker, Workspace } from '../engine/ports';
import { createTreeSitterChecker, createWorkspace } from '../workspace';
import type { AppDeps, RunOverrides } from './api';

export interface RunWorkspace {
  workspace?: Workspace;
  syntax?: SyntaxChecker;
  dispose(): void;
}

export async function buildWorkspace(o: RunOverrides, domain: DomainConfig, deps: Pick<AppDeps, 'trusted'>, resuming = false): Promise<RunWorkspace> {
  const usesSyntax = [...domain.redFlaggers, ...Object.values(domain.agents).flatMap((a) => a?.redFlaggers ?? [])].some((f) => f.type === 'syntax');
  const repo = needsRepo(domain);
  // One checker (its grammars load lazily) for the syntax flag and the repository map's symbols.
  const checker = usesSyntax || repo ? createTreeSitterChecker() : undefined;
  const syntax = usesSyntax ? checker : undefined;
  // A resumed session finds the repository changed by its own applied steps: that is not "dirty".
  const workspace = repo
    ? await createWorkspace({
        repoPath: resolve(o.repoPath ?? process.cwd()),
        domain,
        canWrite: !o.dryRun && deps.trusted !== false,
        allowDirty: o.allowDirty || resuming,
        commit: o.commit,
        symbols: checker,
      })
    : undefined;
  return { workspace, syntax, dispose: () => checker?.dispose() };
}

/** A tree domain that applies or verifies changes works in a repository; others never touch one. */
export function needsRepo(domain: DomainConfig): boolean {
  return domain.flow === 'tree' && (domain.applier !== 'none' || domain.verifier !== undefined);
}
