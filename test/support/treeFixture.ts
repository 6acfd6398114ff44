// A small tree-flow domain with inline templates and a scripted model, for engine and CLI tests
// of pauses, resumes and decompositions without any repository or network.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const TREE_CONFIG = `domains:
  notes:
    flow: tree
    vote: judge
    agents:
      decomposition:
        prompt_template: "Plan: {{step}}\\nAnswer ATOMIC or a numbered list.\\n"
        model: m
        samples: 3
      decomposition_discriminator:
        prompt_template: "Pick a plan for: {{step}}\\n{{#each options}}Option {{n}}: {{text}}\\n{{/each}}"
        model: m
        k: 2
      solver:
        prompt_template: "Solve: {{step}}\\nTask: {{task}}\\n{{#if feedback}}Feedback: {{feedback}}\\n{{/if}}"
        model: m
        samples: 3
      solution_discriminator:
        prompt_template: "Judge: {{step}}\\n{{#each options}}Option {{n}}: {{text}}\\n{{/each}}"
        model: m
        k: 2
    applier: none
    limits:
      max_depth: 1
      min_words_to_decompose: 4
`;

/** The root decomposes into two parts; part A's judge race is contested (margin 1), part B's is clean. */
export const LOW_MARGIN_SCRIPT = {
  decomposition: [{ text: '1. Write part A\n2. Write part B', repeat: true }],
  solver: [
    { when: 'Solve: Write part A', text: 'A answer one' },
    { when: 'Solve: Write part A', text: 'A answer two' },
    { when: 'Solve: Write part A', text: 'A answer three' },
    { when: 'Solve: Write part B', text: 'B answer', repeat: true },
  ],
  solution_discriminator: [
    { when: 'Judge: Write part A', text: 'OPTION: 1' },
    { when: 'Judge: Write part A', text: 'OPTION: 2' },
    { when: 'Judge: Write part A', text: 'OPTION: 3' },
    { when: 'Judge: Write part A', text: 'OPTION: 1' },
    { when: 'Judge: Write part A', text: 'OPTION: 1' },
  ],
};

/** Part A's solver always answers the same, unless the prompt carries a reviewer's feedback. */
export const STUBBORN_SCRIPT = {
  decomposition: [{ text: '1. Write part A\n2. Write part B (after 1)', repeat: true }],
  solver: [
    { when: 'Reviewer: say it shorter', text: 'A short', repeat: true },
    { when: 'Solve: Write part A', text: 'A long answer', repeat: true },
    { when: 'Solve: Write part B', text: 'B answer', repeat: true },
  ],
  solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
  decomposition_discriminator: [{ text: 'OPTION: 1', repeat: true }],
};

export interface TreeFixture {
  dir: string;
  configPath: string;
  scriptPath: string;
  storePath: string;
}

export function makeTreeFixture(script: object = LOW_MARGIN_SCRIPT): TreeFixture {
  const dir = mkdtempSync(join(tmpdir(), 'mf-tree-'));
  const configPath = join(dir, 'config.yaml');
  const scriptPath = join(dir, 'script.yaml');
  writeFileSync(configPath, TREE_CONFIG);
  writeFileSync(scriptPath, stringify(script));
  return { dir, configPath, scriptPath, storePath: join(dir, 'home', 'sessions.sqlite3') };
}
