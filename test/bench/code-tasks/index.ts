// The code benchmark's corpus (npm run bench:code): 32 tasks written for this project, 16 in
// JavaScript and 16 in Python, four of which need two files changed. See task.ts for the shape.
import type { KnownFixes } from '../../../src/llm/knownFixes';
import { JS_TASKS_1 } from './js1';
import { JS_TASKS_2 } from './js2';
import { PY_TASKS_1 } from './py1';
import { PY_TASKS_2 } from './py2';
import { applyEdits, type CodeTask } from './task';

export const CODE_TASKS: readonly CodeTask[] = [...JS_TASKS_1, ...JS_TASKS_2, ...PY_TASKS_1, ...PY_TASKS_2];

/** The task's files after its known fix (variant 'fixed') or its decoy ('decoy'). */
export function variantFiles(task: CodeTask, variant: 'buggy' | 'fixed' | 'decoy'): Record<string, string> {
  if (variant === 'buggy') return { ...task.files };
  return applyEdits(task.files, variant === 'fixed' ? task.fix : task.decoy, task.id);
}

/** What the noisy-coder model is told: every changed file, buggy, fixed and (if any) decoyed. */
export function knownFixesOf(tasks: readonly CodeTask[]): KnownFixes {
  return {
    tasks: tasks.map((task) => {
      const fixed = variantFiles(task, 'fixed');
      const decoy = variantFiles(task, 'decoy');
      return {
        id: task.id,
        tests: task.tests,
        files: Object.keys(task.fix).map((path) => ({
          path,
          buggy: task.files[path],
          fixed: fixed[path],
          ...(decoy[path] !== task.files[path] ? { decoy: decoy[path] } : {}),
        })),
      };
    }),
  };
}
