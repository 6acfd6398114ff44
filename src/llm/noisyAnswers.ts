// The texts the `noisy-coder` model writes: plausible wrong edits, and the wrapping real models
// put around code (prose before and after, fences inside or around the block, a bare fence).
import type { Random } from '../engine/ports';
import type { KnownFixFile } from './knownFixes';

export type WrongKind = 'unchanged' | 'decoy' | 'elsewhere' | 'wrong_path';

/** One file as the model writes it: a path (maybe not the right one) and its whole new content. */
export interface Edit {
  path: string;
  content: string;
}

/**
 * A plausible wrong edit of one buggy file: the file given back unchanged (with a claim that it
 * is fixed), the corpus's decoy fix, a change at another line with the bug left in place, or the
 * right fix written to a wrong path (a fix in the wrong place).
 */
export function wrongEdit(file: KnownFixFile, rng: Random): { kind: WrongKind; edit: Edit } {
  const kinds: WrongKind[] = ['unchanged', 'elsewhere', 'wrong_path'];
  if (file.decoy !== undefined) kinds.push('decoy');
  const kind = pick(kinds, rng);
  switch (kind) {
    case 'unchanged':
      return { kind, edit: { path: file.path, content: file.buggy } };
    case 'decoy':
      return { kind, edit: { path: file.path, content: file.decoy! } };
    case 'elsewhere': {
      const mutated = mutateElsewhere(file, rng);
      return mutated === undefined ? { kind: 'unchanged', edit: { path: file.path, content: file.buggy } } : { kind, edit: { path: file.path, content: mutated } };
    }
    case 'wrong_path':
      return { kind, edit: { path: wrongPath(file.path), content: file.fixed } };
  }
}

// Small edits a model makes when it "fixes" the wrong line: each keeps the code valid in its
// language (a Python file never gets `||`).
const COMMON: [RegExp, string][] = [
  [/ < /, ' <= '],
  [/ > /, ' >= '],
  [/ \+ 1\b/, ' + 2'],
  [/ - 1\b/, ' - 2'],
  [/\b0\b/, '1'],
];
const BY_LANGUAGE: Record<'js' | 'py', [RegExp, string][]> = {
  js: [...COMMON, [/ === /, ' == '], [/\btrue\b/, 'false'], [/\breturn (\w+);/, 'return $1 || null;']],
  py: [...COMMON, [/ == /, ' != '], [/\bTrue\b/, 'False'], [/\breturn (\w+)$/, 'return $1 or None']],
};

/** The buggy file with one mutation on a line the known fix does not touch (the bug stays). */
function mutateElsewhere(file: KnownFixFile, rng: Random): string | undefined {
  const mutations = BY_LANGUAGE[file.path.endsWith('.py') ? 'py' : 'js'];
  const lines = file.buggy.split('\n');
  const fixedLines = new Set(file.fixed.split('\n'));
  const spots: [number, RegExp, string][] = [];
  lines.forEach((line, i) => {
    if (!fixedLines.has(line) || /^\s*(#|\/\/)/.test(line)) return;
    for (const [re, to] of mutations) if (re.test(line)) spots.push([i, re, to]);
  });
  if (spots.length === 0) return undefined;
  const [i, re, to] = pick(spots, rng);
  const out = lines.slice();
  out[i] = out[i].replace(re, to);
  return out.join('\n');
}

/** A path a model gets wrong: the directory dropped, or a src/ guessed in front of a bare name. */
export function wrongPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : `src/${path}`;
}

const LANG: Record<string, string> = { js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', py: 'python' };

const OPENERS = [
  'Here is the fix.',
  'I found the problem; the corrected file follows.',
  'The bug is in the logic below. Updated version:',
  'Looking at the failing test, this change should make it pass.',
];
const CLOSERS = ['', 'This keeps the rest of the behaviour unchanged.', 'Let me know if the tests still fail.'];

/**
 * Edits wrapped as models wrap them: prose before (and sometimes after), the `<file>` block
 * plain, with a fence inside it, inside a fence, or (one file only) a bare fence and no tag.
 * A bare fence is written to the path the step names, so an edit whose point is its wrong
 * path (`bare: false`) always carries its tag.
 */
export function wrapEdits(edits: Edit[], rng: Random, bare = true): string {
  // Shares: plain block 40 %, fence inside 25 %, fence around 25 %, bare fence 10 % (asked for
  // tags, models seldom drop them; when they cannot, its share goes to the plain block).
  const u = rng.next();
  const style = u < 0.25 ? 1 : u < 0.5 ? 2 : u < 0.6 && edits.length === 1 && bare ? 3 : 0;
  const blocks = edits.map((e) => {
    const lang = LANG[e.path.slice(e.path.lastIndexOf('.') + 1)] ?? '';
    const body = e.content.endsWith('\n') ? e.content : `${e.content}\n`;
    switch (style) {
      case 0:
        return `<file path="${e.path}">\n${body}</file>`;
      case 1:
        return `<file path="${e.path}">\n\`\`\`${lang}\n${body}\`\`\`\n</file>`;
      case 2:
        return `\`\`\`xml\n<file path="${e.path}">\n${body}</file>\n\`\`\``;
      default:
        return `\`${e.path}\`:\n\`\`\`${lang}\n${body}\`\`\``;
    }
  });
  const closer = pick(CLOSERS, rng);
  return `${pick(OPENERS, rng)}\n\n${blocks.join('\n\n')}\n${closer ? `\n${closer}\n` : ''}`;
}

export function pick<T>(xs: readonly T[], rng: Random): T {
  return xs[Math.floor(rng.next() * xs.length) % xs.length];
}
