// Where the cost bench's code tasks live. The corpus repositories are 3–4 files, so no prompt
// reaches a provider's 1,024-token cache minimum and the repository map is a few lines; users run
// the code domain on real repositories, where the map fills its budget (repo_map_tokens: 1024).
// `large` puts the task among a realistic source tree that the repository already holds: this
// project's own src/engine and src/workspace (about 80 TypeScript modules, 320 KB) as plain
// files, read from the checkout (no network). The verifier still runs the task's tests only:
// neither node --test nor pytest collects those modules.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHARS_PER_TOKEN } from '../../src/workspace/repoRank';
import { REPO_ROOT } from '../support/codeDomain';

export type RepoShape = 'tiny' | 'large';
export const REPO_SHAPES: readonly RepoShape[] = ['tiny', 'large'];

const TREE = ['src/engine', 'src/workspace'];

function readTree(dir: string, out: Record<string, string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) readTree(abs, out);
    else if (e.isFile()) out[relative(REPO_ROOT, abs)] = readFileSync(abs, 'utf8');
  }
}

let large: Record<string, string> | undefined;

/** The files around the task in a repository of this shape. */
export function surroundings(shape: RepoShape): Record<string, string> {
  if (shape === 'tiny') return {};
  if (!large) {
    large = {};
    for (const d of TREE) readTree(join(REPO_ROOT, d), large);
  }
  return large;
}

// Tokens as the engine estimates them (the repository map's budget is in these): a quarter of the
// characters. Words would undercount code by about half, and a prompt of 1,500 real tokens would
// never reach the emulated cache's 1,024-token minimum.
export const countTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

export function tokenEnds(text: string): number[] {
  const ends: number[] = [];
  for (let at = CHARS_PER_TOKEN; at < text.length + CHARS_PER_TOKEN; at += CHARS_PER_TOKEN) ends.push(Math.min(at, text.length));
  return ends;
}
