// The little git a run needs: is this a repository, is it dirty, commit one applied step.
// Always through execFile (no shell), so a step description can never become a command, and
// with literal pathspecs, so a file named `*.js` never stages every JavaScript file.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1' } }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') {
        reject(new GitError(`cannot run git: ${err.message}`));
        return;
      }
      resolve({ code: err ? Number((err as { code?: unknown }).code) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function gitOk(cwd: string, args: string[]): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) throw new GitError(`git ${args.join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** The repository's top level if `dir` is inside a git work tree, else undefined (also when git is missing). */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    const r = await git(dir, ['rev-parse', '--show-toplevel']);
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Uncommitted changes under `dir`: modified, staged, deleted, and untracked files — except
 * ignored ones. Limited to `dir` (the repo path may be a subfolder of a larger repository;
 * changes elsewhere are not ours to worry about). Returns the porcelain lines.
 */
export async function dirtyEntries(dir: string): Promise<string[]> {
  const out = await gitOk(dir, ['status', '--porcelain=v1', '--untracked-files=all', '--', '.']);
  return out.split('\n').filter((l) => l.trim() !== '');
}

export async function isDirty(dir: string): Promise<boolean> {
  return (await dirtyEntries(dir)).length > 0;
}

/**
 * Microfactory's own files, as "Open Config > Copy to Workspace" writes them: an untracked
 * config.yaml and templates/*.hbs at the run folder (`prefix`: its path from the repository's
 * top, "" or "sub/dir/"). They configure the run; they are not work it could overwrite, so
 * they do not make the repository dirty. Anything tracked, or anything else, still does.
 */
export function isOwnConfigEntry(line: string, prefix: string): boolean {
  if (!line.startsWith('?? ')) return false;
  let p = line.slice(3);
  if (p.startsWith('"')) return false; // quoted: a name with special characters, never ours
  if (!p.startsWith(prefix)) return false;
  p = p.slice(prefix.length);
  return p === 'config.yaml' || /^templates\/[^/]+\.hbs$/.test(p);
}

/** The dirty entries a run must refuse over: dirtyEntries without the project's own config files. */
export async function blockingDirtyEntries(dir: string): Promise<string[]> {
  const entries = await dirtyEntries(dir);
  if (entries.length === 0) return entries;
  const prefix = (await gitOk(dir, ['rev-parse', '--show-prefix'])).trim();
  return entries.filter((l) => !isOwnConfigEntry(l, prefix));
}

/** "Stash and run": every uncommitted change, untracked files included, put aside under `message`. */
export async function stashAll(dir: string, message: string): Promise<void> {
  await gitOk(dir, ['stash', 'push', '--include-untracked', '-m', message, '--', '.']);
}

/** -c flags naming an author when the repository (or the user) has none configured. */
async function identityFallback(dir: string): Promise<string[]> {
  const flags: string[] = [];
  if ((await git(dir, ['config', 'user.name'])).code !== 0) flags.push('-c', 'user.name=Microfactory');
  if ((await git(dir, ['config', 'user.email'])).code !== 0) flags.push('-c', 'user.email=microfactory@localhost');
  return flags;
}

/**
 * Commits exactly `paths` (relative to `dir`) with `message`. Other staged or unstaged
 * changes (possible with --allow-dirty) stay out of the commit. Returns the new commit's
 * hash, or undefined when those paths hold nothing to commit.
 */
export async function commitPaths(dir: string, paths: string[], message: string): Promise<string | undefined> {
  if (paths.length === 0) return undefined;
  // A path that neither exists nor is tracked (created, then rolled back) has nothing to commit,
  // and `git add` would fail on it.
  const tracked = new Set((await gitOk(dir, ['ls-files', '-z', '--', ...paths])).split('\0').filter(Boolean));
  paths = paths.filter((p) => tracked.has(p) || existsSync(path.join(dir, p)));
  if (paths.length === 0) return undefined;
  // -A stages deletions and new files as well; `--` keeps a path from being read as an option.
  await gitOk(dir, ['add', '-A', '--', ...paths]);
  const staged = await git(dir, ['diff', '--cached', '--quiet', '--', ...paths]);
  if (staged.code === 0) return undefined;
  const msg = message.trim() === '' ? 'Microfactory step' : message;
  await gitOk(dir, [...(await identityFallback(dir)), 'commit', '--quiet', '-m', msg, '--only', '--', ...paths]);
  return (await gitOk(dir, ['rev-parse', 'HEAD'])).trim();
}
