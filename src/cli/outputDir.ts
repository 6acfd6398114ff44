// `run -o/--output-dir DIR`, the original tool's flag: where a run writes the <file> blocks its
// winning answers propose. Ours applies a code run's changes to --repo-path, so -o is that same
// folder under the original's name. Unlike a repository, an output folder may not exist yet.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../app/options';
import { str } from './args';

/** The repository path a run uses: --repo-path, or -o/--output-dir (created unless --dry-run). */
export function outputDir(v: Record<string, string | boolean | undefined>): string | undefined {
  const repo = str(v['repo-path']);
  const out = str(v['output-dir']);
  if (out === undefined) return repo;
  if (out.trim() === '') throw new UsageError('--output-dir needs a folder');
  if (repo !== undefined && resolve(repo) !== resolve(out)) {
    throw new UsageError(`--output-dir ${out} and --repo-path ${repo} name different folders; -o is the original tool's name for --repo-path, give one`);
  }
  if (v['dry-run'] !== true) {
    try {
      mkdirSync(out, { recursive: true });
    } catch (e) {
      throw new UsageError(`--output-dir ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return out;
}
