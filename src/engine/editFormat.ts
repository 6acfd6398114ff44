// Which answer format a code solver is asked for, per file. One rule for the prompt (the solver's
// template variables) and the planner (what it accepts from an `auto` answer), so the two agree.
//
// Why 200 lines / 8,000 characters: a whole-file answer costs output tokens for every line, and
// the shipped solver's length red flag stops answers at 4,096 output tokens. Code runs ~8-12
// tokens a line, so a 200-line file is ~2,000-2,400 tokens: half the budget, leaving room for the
// model's prose and a second file. Past that, rewriting the file is both costly and likely to be
// cut off (or to drop a line nobody asked to change), while a SEARCH/REPLACE block costs only the
// lines it touches. Below it, a whole file is the format models get right most often (no text to
// quote exactly), so small files stay whole. The character bound catches long-lined files.
import type { DomainConfig } from './config';

export const SEARCH_REPLACE_FROM_LINES = 200;
export const SEARCH_REPLACE_FROM_CHARS = 8_000;

/** True when `auto` edits a file of this content with SEARCH/REPLACE blocks rather than whole. */
export function isLongFile(content: string): boolean {
  if (content.length >= SEARCH_REPLACE_FROM_CHARS) return true;
  let lines = 0;
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) if (++lines >= SEARCH_REPLACE_FROM_LINES) return true;
  return false;
}

/** How the solver should edit an existing file with this content under `applier`. */
export function editFormatFor(applier: DomainConfig['applier'], content: string): 'whole' | 'search_replace' | 'diff' {
  if (applier === 'patch_file') return 'diff';
  if (applier === 'search_replace' || (applier === 'auto' && isLongFile(content))) return 'search_replace';
  return 'whole';
}

export interface EditVars {
  files: { path: string; content: string; lines: number; search_replace: boolean }[];
  /** Some files (new ones at least) are written whole. */
  edit_whole: boolean;
  /** Some files are edited with SEARCH/REPLACE blocks. */
  edit_search_replace: boolean;
  /** The shown files that take SEARCH/REPLACE blocks, comma-separated (for the prompt's wording). */
  search_replace_files: string;
  /** The answer is a unified diff. */
  edit_diff: boolean;
}

/** The solver template's variables for the answer format (see templates/code_solver.hbs). */
export function editVars(applier: DomainConfig['applier'], files: { path: string; content: string }[]): EditVars {
  const marked = files.map((f) => ({
    ...f,
    lines: f.content === '' ? 0 : f.content.split('\n').length - (f.content.endsWith('\n') ? 1 : 0),
    search_replace: editFormatFor(applier, f.content) === 'search_replace',
  }));
  return {
    files: marked,
    edit_whole: applier === 'overwrite_file' || applier === 'auto',
    edit_search_replace: applier === 'search_replace' || marked.some((f) => f.search_replace),
    search_replace_files: marked.filter((f) => f.search_replace).map((f) => f.path).join(', '),
    edit_diff: applier === 'patch_file',
  };
}
