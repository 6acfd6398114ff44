// A model for the original-format fixture (test/fixtures/original), served by the local LLM
// server. It answers each role from what its prompt shows (each fixture template starts with
// `[role]`), so a prompt rendered without the task or the options gets an answer that cannot
// complete the run, and it records every prompt for the tests to inspect.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cliRun';
import type { AnswerFn } from './llmServer';

export const ORIGINAL_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'original');
export const ORIGINAL_TASK = 'Add a greeting module and a farewell module to the Rust crate';
export const SUBTASKS = ['Write src/greet.rs with a greet function', 'Write src/bye.rs with a bye function'];

export interface SeenPrompt {
  role: string;
  prompt: string;
}

/** Copies the fixture (config.yaml and templates/) into `dir`. */
export function copyOriginalFixture(dir: string): void {
  cpSync(ORIGINAL_FIXTURE, dir, { recursive: true });
}

export function originalModel(seen: SeenPrompt[]): AnswerFn {
  let n = 0;
  return (prompt) => {
    const role = /^\[(\w+)\]/.exec(prompt)?.[1] ?? 'unknown';
    seen.push({ role, prompt });
    // Every other answer is worded differently, so each pool holds two options and the
    // discriminators really vote.
    const alt = n++ % 2 === 1;
    switch (role) {
      case 'decompose':
        if (!prompt.includes(ORIGINAL_TASK)) return 'ATOMIC';
        return `1. ${SUBTASKS[0]}\n2. ${SUBTASKS[1]}${alt ? ' (after 1)' : ''}`;
      case 'decompose_vote':
      case 'solution_vote':
        return /Option 1:\n[\s\S]*Option 2:\n/.test(prompt) ? '1' : 'I see no options.';
      case 'solve': {
        const name = prompt.includes(SUBTASKS[0]) ? 'greet' : prompt.includes(SUBTASKS[1]) ? 'bye' : undefined;
        if (!name) return 'I was not told what to do.';
        return `<file path="src/${name}.rs">\npub fn ${name}() -> &'static str {\n    "${name}${alt ? '!' : ''}"\n}\n</file>`;
      }
      case 'critique':
        return SUBTASKS.some((s) => prompt.includes(s)) && prompt.includes('<file path=') ? 'No, it does what was asked.' : 'Yes, I cannot tell what it was for.';
      default:
        return 'unknown prompt';
    }
  };
}
