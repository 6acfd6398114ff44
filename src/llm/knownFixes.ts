// What the `noisy-coder` model knows: for each task of a code corpus, every file the fix
// changes, as it is (buggy), as the known fix leaves it, and optionally a plausible wrong fix
// (a decoy). The model recognizes a task by the file contents and paths its prompt shows, the
// way a real model recognizes a bug it has seen before; it never reads the repository itself.
import { z } from 'zod';
import { LlmConfigError } from '../engine/ports';

const fileSchema = z.object({
  path: z.string().min(1),
  buggy: z.string(),
  fixed: z.string(),
  decoy: z.string().optional(),
}).strict();

const taskSchema = z.object({
  id: z.string().min(1),
  files: z.array(fileSchema).min(1),
  /** The task's test files: where a needless "add a regression test" subtask points. */
  tests: z.array(z.string()).default([]),
}).strict();

const knownFixesSchema = z.object({ tasks: z.array(taskSchema).min(1) }).strict();

export type KnownFixes = z.infer<typeof knownFixesSchema>;
export type KnownFixTask = KnownFixes['tasks'][number];
export type KnownFixFile = KnownFixTask['files'][number];

/** Checks parsed JSON; a bad file is named with the first problem (the user fixes it, so it is a config error). */
export function parseKnownFixes(data: unknown, source: string): KnownFixes {
  const r = knownFixesSchema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new LlmConfigError(`${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
}

/** Whitespace-insensitive text, so a file shown re-indented by a template or a model still matches. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** An index over the corpus for the questions a prompt raises. */
export class FixIndex {
  private readonly files: { task: KnownFixTask; file: KnownFixFile; buggy: string; fixed: string }[];

  constructor(readonly fixes: KnownFixes) {
    this.files = fixes.tasks.flatMap((task) => task.files.map((file) => ({ task, file, buggy: squash(file.buggy), fixed: squash(file.fixed) })));
  }

  /** Files of the corpus whose buggy text the prompt shows (the solver's view of its step). */
  shownBuggy(prompt: string): KnownFixFile[] {
    const p = squash(prompt);
    return this.files.filter((f) => p.includes(f.buggy)).map((f) => f.file);
  }

  /** The task whose files the text names most often by path (ties: the first), if any. */
  taskNamedIn(text: string): { task: KnownFixTask; named: KnownFixFile[] } | undefined {
    let best: { task: KnownFixTask; named: KnownFixFile[] } | undefined;
    for (const task of this.fixes.tasks) {
      const named = task.files.filter((f) => mentions(text, f.path));
      if (named.length > 0 && (!best || named.length > best.named.length)) best = { task, named };
    }
    return best;
  }

  /** Does this answer (one judge option) carry the known fix of a file, under its right path? */
  isKnownFix(answer: string): boolean {
    const a = squash(answer);
    const fixedHere = this.files.filter((f) => a.includes(f.fixed) && mentions(answer, f.file.path));
    // A fix of one file with another file of the task still buggy beside it is not the fix.
    return fixedHere.length > 0 && !this.files.some((f) => a.includes(f.buggy));
  }
}

/** `path` as a whole path token of `text` (so src/a.js does not match lib/src/a.js.map). */
export function mentions(text: string, path: string): boolean {
  const at = (i: number) => (i < 0 || i >= text.length ? ' ' : text[i]);
  for (let i = text.indexOf(path); i >= 0; i = text.indexOf(path, i + 1)) {
    if (!/[\w/.-]/.test(at(i - 1)) && !/[\w/-]/.test(at(i + path.length)) && !/\.\w/.test(text.slice(i + path.length, i + path.length + 2))) return true;
  }
  return false;
}
