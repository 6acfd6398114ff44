// The files a repository map lists: what git tracks or would track (`git ls-files --cached
// --others --exclude-standard`, so .gitignore, .git/info/exclude and the global excludes all
// apply), minus lockfiles and binaries, which a model can neither read nor usefully edit.
// Outside git, a walk that skips the usual generated folders and the names a root .gitignore lists.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { git } from './git';

/** Lockfiles: generated, huge, and never where a bug is fixed. */
const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'cargo.lock', 'poetry.lock',
  'pipfile.lock', 'uv.lock', 'pdm.lock', 'go.sum', 'composer.lock', 'gemfile.lock', 'flake.lock', 'packages.lock.json',
]);

/** Extensions of files that are not text a model edits (checked by name, before any read). */
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'psd', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar',
  'jar', 'war', 'class', 'exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'lib', 'bin', 'wasm', 'pyc', 'pyo', 'whl', 'egg',
  'mp3', 'mp4', 'wav', 'ogg', 'flac', 'mov', 'avi', 'mkv', 'webm', 'ttf', 'otf', 'woff', 'woff2', 'eot', 'sqlite', 'sqlite3',
  'db', 'vsix', 'node', 'npy', 'npz', 'pkl', 'parquet', 'onnx', 'pt', 'ckpt', 'safetensors',
]);

/** Folders a walk outside git never enters: dependencies, build output, caches, VCS data. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'target', 'coverage', '__pycache__', 'venv', '.venv', 'env', '.tox', '.mypy_cache', '.pytest_cache', '.git', '.hg', '.svn']);

/** A walk outside git stops here, so a home folder opened by mistake cannot stall a run. */
const MAX_WALK = 5000;

export function isLockfile(rel: string): boolean {
  return LOCKFILES.has(path.posix.basename(rel).toLowerCase());
}

export function hasBinaryExtension(rel: string): boolean {
  const base = path.posix.basename(rel);
  const dot = base.lastIndexOf('.');
  return dot > 0 && BINARY_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** Repo-relative paths (forward slashes, sorted) of the files a map may list. */
export async function listRepoFiles(root: string, isGit: boolean): Promise<string[]> {
  const all = isGit ? await gitFiles(root) : await walk(root);
  return all.filter((f) => !isLockfile(f) && !hasBinaryExtension(f)).sort();
}

async function gitFiles(root: string): Promise<string[]> {
  // cwd = root: git prints paths relative to it, and `-- .` keeps a subfolder run to its subfolder.
  const r = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.']);
  if (r.code !== 0) return walk(root);
  // An unmerged file is listed once per stage.
  return [...new Set(r.stdout.split('\0').filter(Boolean))];
}

async function walk(root: string): Promise<string[]> {
  const ignored = await rootIgnores(root);
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_WALK) return;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (ignored(e.name, child)) continue;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await visit(child);
      } else if (e.isFile()) {
        out.push(child);
      }
    }
  };
  await visit('');
  return out;
}

/**
 * The plain patterns of a root .gitignore (names, `dir/`, `/anchored`, `*.ext`): enough for a
 * folder that is not a repository. Negations and deeper globs are left out; git itself handles
 * every real repository.
 */
async function rootIgnores(root: string): Promise<(name: string, rel: string) => boolean> {
  const text = await readFile(path.join(root, '.gitignore'), 'utf8').catch(() => '');
  const names = new Set<string>();
  const anchored = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/\/$/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    if (/^\*\.[\w.-]+$/.test(line)) suffixes.push(line.slice(1));
    else if (line.startsWith('/') && !/[*?[]/.test(line)) anchored.add(line.slice(1));
    else if (!/[*?[/]/.test(line)) names.add(line);
  }
  return (name, rel) => names.has(name) || anchored.has(rel) || suffixes.some((s) => name.endsWith(s));
}
