// Writing a planned ChangeSet and undoing it. Both are idempotent by looking at what is on
// disk: a file already holding `after` is not rewritten by apply, one already holding
// `before` is not rewritten by rollback. That is what makes crash recovery simple:
//
// Recovery (the engine's side of the contract): the engine stores the change set on the step
// BEFORE calling apply. If the process dies anywhere between that write and a passed
// verification, then on resume every file of the set is in `before` or `after` state (each
// file is replaced atomically), and calling `rollback(changeSet)` returns the repository to
// exactly where it was — the `recoverChangeSet` semantics. Calling `apply` again instead is
// just as safe. Files that are in neither state were edited by someone else: apply refuses
// them (WorkspaceConflictError) rather than overwrite a human's work; rollback restores them
// because undoing is what it was explicitly asked to do.
import type { ChangeSet, FileChange } from '../engine/model';
import { resolveInRepo } from './paths';
import { chmodIfDifferent, readBytes, removeEmptyParents, removeIfExists, removeStaleTemps, writeAtomic } from './files';

export class WorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/** A file changed on disk after the change set was planned; apply wrote nothing. */
export class WorkspaceConflictError extends WorkspaceError {
  constructor(readonly paths: string[]) {
    super(`changed on disk since the change set was planned: ${paths.join(', ')}`);
    this.name = 'WorkspaceConflictError';
  }
}

export type FileState = 'before' | 'after' | 'other';
export type ChangeSetState = 'before' | 'after' | 'partial' | 'diverged';

function sameContent(current: Buffer | null, text: string | null): boolean {
  if (current === null || text === null) return current === null && text === null;
  return current.equals(Buffer.from(text, 'utf8'));
}

async function absFor(realRoot: string, change: FileChange): Promise<string> {
  // Re-validated at write time: a symlink swapped in since planning must not redirect a write.
  const r = await resolveInRepo(realRoot, change.path);
  if (!r.ok) throw new WorkspaceError(`refusing to write '${change.path}': ${r.reason}`);
  return r.abs;
}

export async function fileState(realRoot: string, change: FileChange): Promise<FileState> {
  const cur = await readBytes(await absFor(realRoot, change));
  if (sameContent(cur, change.after)) return 'after';
  if (sameContent(cur, change.before)) return 'before';
  return 'other';
}

/** Where the repository stands relative to a change set (for resume diagnostics and tests). */
export async function inspectChangeSet(realRoot: string, changeSet: ChangeSet): Promise<ChangeSetState> {
  const states = await Promise.all(changeSet.files.map((f) => fileState(realRoot, f)));
  if (states.includes('other')) return 'diverged';
  if (states.every((s) => s === 'after')) return 'after';
  if (states.every((s) => s === 'before')) return 'before';
  return 'partial';
}

async function writeSide(realRoot: string, abs: string, change: FileChange, side: 'before' | 'after'): Promise<void> {
  const text = side === 'before' ? change.before : change.after;
  await removeStaleTemps(abs);
  if (text === null) {
    await removeIfExists(abs);
    if (side === 'before') await removeEmptyParents(abs, realRoot);
    return;
  }
  // The executable bit (and the rest of the mode) of the original file is kept both ways.
  await writeAtomic(abs, text, change.mode);
  if (change.mode !== undefined) await chmodIfDifferent(abs, change.mode);
}

/**
 * Writes every file of the change set (atomically per file). Checks all files first, so a
 * conflict writes nothing; if a write fails midway, the files already written are put back.
 */
export async function applyChangeSet(realRoot: string, changeSet: ChangeSet): Promise<void> {
  const todo: Array<{ abs: string; change: FileChange }> = [];
  const conflicts: string[] = [];
  for (const change of changeSet.files) {
    const abs = await absFor(realRoot, change);
    const cur = await readBytes(abs);
    if (sameContent(cur, change.after)) continue;
    if (sameContent(cur, change.before)) todo.push({ abs, change });
    else conflicts.push(change.path);
  }
  if (conflicts.length > 0) throw new WorkspaceConflictError(conflicts);
  const done: typeof todo = [];
  try {
    for (const t of todo) {
      await writeSide(realRoot, t.abs, t.change, 'after');
      done.push(t);
    }
  } catch (e) {
    for (const t of done.reverse()) await writeSide(realRoot, t.abs, t.change, 'before').catch(() => undefined);
    throw e;
  }
  changeSet.applied = true;
  changeSet.rolledBack = false;
}

/** Restores every file to its `before` bytes (deleting created files). Idempotent. */
export async function rollbackChangeSet(realRoot: string, changeSet: ChangeSet): Promise<void> {
  const errors: string[] = [];
  for (const change of [...changeSet.files].reverse()) {
    try {
      const abs = await absFor(realRoot, change);
      const cur = await readBytes(abs);
      if (sameContent(cur, change.before)) {
        await removeStaleTemps(abs);
        if (change.before === null) await removeEmptyParents(abs, realRoot);
        else if (change.mode !== undefined) await chmodIfDifferent(abs, change.mode);
        continue;
      }
      await writeSide(realRoot, abs, change, 'before');
    } catch (e) {
      // Keep restoring the other files; one stuck file must not leave the rest changed.
      errors.push(`${change.path}: ${(e as Error).message}`);
    }
  }
  if (errors.length > 0) throw new WorkspaceError(`rollback incomplete: ${errors.join('; ')}`);
  changeSet.applied = false;
  changeSet.rolledBack = true;
}
