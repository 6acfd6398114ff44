// The shape of one task of the code benchmark's corpus: a tiny repository with a failing test
// and one known fix, written as exact search/replace edits of the buggy files. The fixed text,
// the decoy (a plausible wrong fix) and the noisy-coder's known fixes are all derived from it.

export type BugKind =
  | 'off-by-one'
  | 'wrong operator'
  | 'swapped arguments'
  | 'missing await'
  | 'null handling'
  | 'wrong default'
  | 'mutable default'
  | 'integer division'
  | 'wrong regex'
  | 'missed edge case';

/** Exact (search, replace) pairs per file; each search text must occur exactly once. */
export type Edits = Record<string, [string, string][]>;

export interface CodeTask {
  id: string;
  lang: 'js' | 'py';
  kind: BugKind;
  /** What a user would type: it names the files to change first, then the failing test. */
  prompt: string;
  /** The repository as it is (buggy), without the generated package.json / pyproject.toml / .gitignore. */
  files: Record<string, string>;
  /** The task's own test files: restored before the fixed judgement, so editing a test never counts. */
  tests: string[];
  fix: Edits;
  /** A plausible wrong fix of the first changed file, which the task's test also rejects. */
  decoy: Edits;
}

/** Code as written in the corpus: String.raw keeps regex backslashes; the leading newline goes. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw(strings, ...values).replace(/^\n/, '');
}

/** The first lines of every JavaScript test file: node's own runner, no npm install. */
export const JS_TEST_HEADER = code`
const test = require('node:test');
const assert = require('node:assert/strict');
`;

/** Applies exact edits; a search text found 0 or 2+ times is a corpus bug, named. */
export function applyEdits(files: Record<string, string>, edits: Edits, id: string): Record<string, string> {
  const out = { ...files };
  for (const [path, pairs] of Object.entries(edits)) {
    let text = out[path];
    if (text === undefined) throw new Error(`${id}: edit of unknown file ${path}`);
    for (const [search, replace] of pairs) {
      const first = text.indexOf(search);
      if (first < 0 || text.indexOf(search, first + 1) >= 0) throw new Error(`${id}: ${path}: search text must occur once: ${JSON.stringify(search)}`);
      text = text.slice(0, first) + replace + text.slice(first + search.length);
    }
    out[path] = text;
  }
  return out;
}

/**
 * The command that runs a task's own tests (and the run's verifier when the domain's is not
 * `auto`). The tasks need no pytest plugins; this machine's (hypothesis, benchmark) would
 * quadruple every start-up, so they are not loaded.
 */
export function testCommand(task: Pick<CodeTask, 'lang'>): string {
  return task.lang === 'js' ? 'node --test' : 'PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 python3 -m pytest -q';
}
