// Template variables of the original tool, so a user's templates from it work unchanged.
// The original renders every template with exactly three variables:
//   prompt  the step's description (the user's task on the first step) for decomposition and
//           solving; for both discriminators, the candidates as "Option 1:\n<text>\n\n...";
//   task    the same text as prompt;
//   role    decompose, decompose_vote, solve or solution_vote.
// Ours differ on one name: our `task` is the overall task and the options come as a list. The
// rule that keeps both working: `prompt` and `role` are always added (no template of ours uses
// them otherwise), and a template that reads nothing but the original's names (prompt, task,
// role, and the critic's candidate) is the original's, so its `task` means what it meant there.
import type { AgentRole } from './model';
import { templateNames } from './template';

export const ORIGINAL_ROLE: Readonly<Record<AgentRole, string>> = {
  decomposition: 'decompose',
  decomposition_discriminator: 'decompose_vote',
  solver: 'solve',
  solution_discriminator: 'solution_vote',
};

const ORIGINAL_NAMES = new Set(['prompt', 'task', 'role', 'candidate']);

/** The original's `prompt` for a discriminator: every candidate, numbered from 1. */
export function enumerateOptions(texts: readonly string[]): string {
  return texts.map((t, i) => `Option ${i + 1}:\n${t}\n\n`).join('');
}

/** True when the template reads only the original's variables (and at least one of them). */
export function isOriginalTemplate(source: string): boolean {
  const names = templateNames(source);
  return names !== undefined && names.length > 0 && names.every((n) => ORIGINAL_NAMES.has(n));
}

/** `vars` (ours) plus the original's prompt and role, with task = prompt for an original template. */
export function withOriginalVars(source: string, vars: Record<string, unknown>, prompt: string, role: AgentRole): Record<string, unknown> {
  const all = { prompt, role: ORIGINAL_ROLE[role], ...vars };
  return isOriginalTemplate(source) ? { ...all, task: prompt } : all;
}
