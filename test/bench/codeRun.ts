// One task of the code benchmark under one setup: the task as a fresh git repository, the
// `code` domain of the shipped config.yaml (changed only as the setup says), the noisy-coder
// model through the app layer (the same startRun the CLI calls), then the independent "fixed"
// judgement. Pauses are recorded with their cause and left paused: a pause is a question for
// a person, and answering it is not the benchmark's business.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRun } from '../../src/app/session';
import type { LlmCall } from '../../src/llm';
import { openStore } from '../../src/store';
import { REPO_ROOT, writeCodeConfig } from '../support/codeDomain';
import { judgeFixed, materialize } from './codeRepo';
import { testCommand, type CodeTask } from './code-tasks/task';

export interface Setup {
  name: string;
  /** Every agent role draws this many samples and needs this lead (undefined: as shipped). */
  single?: boolean;
  /** verify_retries (undefined: as shipped). */
  verifyRetries?: number;
}

export const SETUPS: Record<'shipped' | 'single' | 'retries', Setup> = {
  shipped: { name: 'shipped' },
  single: { name: 'single', single: true, verifyRetries: 0 },
  retries: { name: 'single+retries', single: true, verifyRetries: 3 },
};

export interface TaskOutcome {
  task: string;
  lang: string;
  setup: string;
  fixed: boolean;
  status: string;
  requests: number;
  tokens: number;
  wallMs: number;
  /** trigger: details, when the session ended paused (or the error when it failed). */
  pause?: string;
  /** A pause or failure with no cause a person could act on (no trigger or no details). */
  unexplained?: boolean;
  /** The first prompt each role was sent, when asked for (--show-prompts). */
  prompts?: Record<string, string>;
}

/**
 * The shipped code domain with the setup's changes. Its verifier stays when it is `auto` (it
 * then finds the task's tests itself); otherwise — today's `npm test --silent` cannot run a
 * Python repository — the task's own test command is the fallback.
 */
export function shapeDomain(code: Record<string, any>, task: CodeTask, setup: Setup): void {
  if (code.verifier !== 'auto') code.verifier = testCommand(task);
  if (setup.verifyRetries !== undefined) code.verify_retries = setup.verifyRetries;
  if (setup.single) for (const agent of Object.values(code.agents) as { samples?: number; k?: number }[]) Object.assign(agent, { samples: 1, k: 1 });
}

export function benchConfig(dir: string, task: CodeTask, setup: Setup): string {
  return writeCodeConfig(dir, (code) => shapeDomain(code, task, setup));
}

export async function runTask(task: CodeTask, setup: Setup, model: { knownFixesPath: string; fixRate: number; judgeRate: number; seed: number; keepPrompts?: boolean }): Promise<TaskOutcome> {
  const dir = mkdtempSync(join(tmpdir(), `mf-bench-code-${task.id}-`));
  const repo = join(dir, 'repo');
  const store = await openStore(join(dir, 'home', 'sessions.sqlite3'));
  let requests = 0;
  let tokens = 0;
  const prompts: Record<string, string> = {};
  const onLlmCall = (c: LlmCall) => {
    requests++;
    tokens += (c.response?.usage.input ?? 0) + (c.response?.usage.output ?? 0);
    if (model.keepPrompts && !prompts[c.request.role]) prompts[c.request.role] = c.request.prompt;
  };
  try {
    materialize(task, repo);
    const configPath = benchConfig(dir, task, setup);
    const t0 = performance.now();
    const handle = await startRun(
      {
        prompt: task.prompt, domain: 'code', configPath, repoPath: repo, provider: 'noisy-coder',
        knownFixesPath: model.knownFixesPath, fixRate: model.fixRate, judgeRate: model.judgeRate, seed: model.seed,
      },
      { store, resourceRoot: REPO_ROOT, onLlmCall },
    );
    const out = await handle.done;
    const wallMs = performance.now() - t0;
    const { fixed } = await judgeFixed(task, repo);
    const outcome: TaskOutcome = { task: task.id, lang: task.lang, setup: setup.name, fixed, status: out.status, requests, tokens, wallMs };
    if (out.status === 'paused') {
      const w = out.waitState;
      outcome.pause = w ? `${w.trigger}: ${w.details}` : 'paused with no wait state';
      outcome.unexplained = !w || !w.trigger || w.details.trim() === '';
    } else if (out.status !== 'completed') {
      outcome.pause = `${out.status}: ${out.error ?? '(no error message)'}`;
      outcome.unexplained = !out.error;
    }
    if (model.keepPrompts) outcome.prompts = prompts;
    return outcome;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The known-fixes file the noisy-coder reads, written once per benchmark. */
export function writeKnownFixes(dir: string, data: unknown): string {
  const path = join(dir, 'known-fixes.json');
  writeFileSync(path, JSON.stringify(data));
  return path;
}
