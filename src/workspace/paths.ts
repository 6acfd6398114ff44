// Confines every path an LLM names to the repository. The candidate text is untrusted, so
// a path is refused (with a reason that becomes a red flag) unless it is relative, has no
// `..`, stays out of `.git`, and — after resolving symlinks in every existing component — still
// lands inside the repository's real root. Writes then go to the resolved real path, so an
// in-repo symlink is followed (its target is edited) instead of being replaced by a file.
import { lstat, realpath } from 'node:fs/promises';
import * as path from 'node:path';

export type ResolvedPath =
  | { ok: true; /** repo-relative, forward slashes, as recorded in the change set */ rel: string; /** real absolute path to write */ abs: string; exists: boolean }
  | { ok: false; reason: string };

/** Lexical checks only: the repo-relative form of a candidate path, or why it is refused. */
export function normalizeCandidatePath(raw: string): { ok: true; rel: string } | { ok: false; reason: string } {
  const p = raw.trim();
  if (p === '') return { ok: false, reason: 'empty path' };
  // Control characters (NUL, newlines, tabs) in a path are a model error, never a real file name we want.
  if (/[\x00-\x1f\x7f]/.test(p)) return { ok: false, reason: `path ${JSON.stringify(p)} contains control characters` };
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)) {
    return { ok: false, reason: `absolute path '${p}' refused: paths must be relative to the repository` };
  }
  if (p.startsWith('~')) return { ok: false, reason: `home-relative path '${p}' refused: paths must be relative to the repository` };
  if (p.endsWith('/') || p.endsWith('\\')) return { ok: false, reason: `'${p}' names a directory, not a file` };
  // Models sometimes write Windows separators; a backslash in a real file name is not worth the ambiguity.
  const segments = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, reason: `path '${p}' refused: '..' could escape the repository` };
  if (segments.some((s) => s.toLowerCase() === '.git')) return { ok: false, reason: `path '${p}' refused: nothing under .git/ may be written` };
  if (segments.length === 0) return { ok: false, reason: `path '${p}' names the repository root` };
  return { ok: true, rel: segments.join('/') };
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * Resolves a candidate path against `realRoot` (the repository root, already realpath'd).
 * The deepest existing ancestor (or the target itself) is realpath'd, so a symlink in any
 * component — or the target being a symlink — that leads outside is refused.
 */
export async function resolveInRepo(realRoot: string, raw: string): Promise<ResolvedPath> {
  const lexical = normalizeCandidatePath(raw);
  if (!lexical.ok) return lexical;
  const segments = lexical.rel.split('/');
  let existing = segments.length;
  let st = await lstatOrUndefined(path.join(realRoot, ...segments));
  while (!st && existing > 0) {
    existing--;
    st = await lstatOrUndefined(path.join(realRoot, ...segments.slice(0, existing)));
  }
  const ancestor = path.join(realRoot, ...segments.slice(0, existing));
  let realAncestor: string;
  try {
    realAncestor = await realpath(ancestor);
  } catch {
    return { ok: false, reason: `path '${lexical.rel}' refused: '${segments.slice(0, existing).join('/')}' is a dangling symlink` };
  }
  const abs = path.join(realAncestor, ...segments.slice(existing));
  if (!isInside(realRoot, abs)) {
    return { ok: false, reason: `path '${lexical.rel}' refused: a symlink leads outside the repository (to ${abs})` };
  }
  const relReal = path.relative(realRoot, abs).split(path.sep);
  if (relReal.some((s) => s.toLowerCase() === '.git')) {
    return { ok: false, reason: `path '${lexical.rel}' refused: it resolves into .git/` };
  }
  if (abs === realRoot) return { ok: false, reason: `path '${lexical.rel}' resolves to the repository root` };
  const exists = existing === segments.length;
  if (exists) {
    const target = await lstatOrUndefined(abs);
    if (target?.isDirectory()) return { ok: false, reason: `'${lexical.rel}' is a directory, not a file` };
    if (target && !target.isFile()) return { ok: false, reason: `'${lexical.rel}' is not a regular file` };
  } else {
    const parent = await lstatOrUndefined(realAncestor);
    if (parent && !parent.isDirectory()) {
      return { ok: false, reason: `path '${lexical.rel}' refused: '${segments.slice(0, existing).join('/')}' is a file, not a directory` };
    }
  }
  // The change set records the real location, so two spellings of one file (via an in-repo
  // symlink) are one entry, and git and the diff view see the actual file.
  return { ok: true, rel: relReal.join('/'), abs, exists };
}
