// `noisy-coder`: a built-in model for the tree flow of the `code` domain, the code benchmark's
// model (npm run bench:code), as `simulated` is Hanoi's. It knows a corpus of tasks and their
// known fixes (knownFixes.ts) and reads the task from its prompt, as a real model would:
// - solver: with probability `fixRate` (P) the known fix of every buggy file it is shown,
//   otherwise a plausible wrong edit (noisyAnswers.ts);
// - discriminators: with probability `judgeRate` (Q) the option a careful reviewer names;
// - decomposer: ATOMIC for a one-file fix (sometimes a needless split off a test), one subtask
//   per file when the fix spans more files than a step may change.
// Every answer is wrapped in prose and fences. Seeded: one draw depends only on (seed, role,
// step, sample number, prompt), so runs repeat whatever the concurrency; a retry after a failed
// verification shows new feedback in its prompt and so draws afresh.
import type { AgentRole } from '../engine/model';
import { LlmConfigError, type LlmClient, type LlmRequest, type LlmResponse, type Random } from '../engine/ports';
import { FixIndex, type KnownFixes } from './knownFixes';
import { pick, wrapEdits, wrongEdit, type Edit } from './noisyAnswers';
import { mixSeed, mulberry32 } from './random';

export interface NoisyCoderOptions {
  fixes: KnownFixes;
  /** P: probability that a solver answer is the known fix (default 0.5). */
  fixRate?: number;
  /** Q: probability that a discriminator names the right option (default 0.8). */
  judgeRate?: number;
  /** Probability that a one-file fix is split needlessly, a test subtask after it (default 0.15). */
  splitRate?: number;
  seed?: number;
}

/** How often a fix spanning more files than a step may change is split per file (else ATOMIC, a plan a judge should reject). */
const SPLIT_WHEN_NEEDED = 0.85;

export class NoisyCoderClient implements LlmClient {
  private readonly index: FixIndex;
  private readonly fixRate: number;
  private readonly judgeRate: number;
  private readonly splitRate: number;

  constructor(private readonly opts: NoisyCoderOptions) {
    this.index = new FixIndex(opts.fixes);
    this.fixRate = opts.fixRate ?? 0.5;
    this.judgeRate = opts.judgeRate ?? 0.8;
    this.splitRate = opts.splitRate ?? 0.15;
    for (const [name, v] of [['fix rate', this.fixRate], ['judge rate', this.judgeRate], ['split rate', this.splitRate]] as const) {
      if (!(v >= 0 && v <= 1)) throw new LlmConfigError(`noisy-coder ${name} must be between 0 and 1, got ${v}`);
    }
  }

  async complete(req: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const t0 = performance.now();
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const meta = req.meta ?? {};
    const rng = mulberry32(mixSeed(this.opts.seed ?? 1, hash(req.role), hash(String(meta.step ?? '')), typeof meta.seq === 'number' ? meta.seq : 0, hash(req.prompt)));
    const text = this.answer(req.role, req.prompt, rng);
    return {
      text,
      usage: { input: Math.ceil((req.prompt.length + (req.system?.length ?? 0)) / 4), output: Math.ceil(text.length / 4) },
      finish: 'stop',
      latencyMs: Math.round((performance.now() - t0) * 1000) / 1000,
      costUsd: 0,
    };
  }

  private answer(role: AgentRole, prompt: string, rng: Random): string {
    switch (role) {
      case 'solver':
        return this.solve(prompt, rng);
      case 'decomposition':
        return this.decompose(prompt, rng);
      case 'decomposition_discriminator':
        return this.judge(prompt, rng, (option) => this.idealPlan(prompt) === /^\s*\**ATOMIC\**\s*$/im.test(option));
      case 'solution_discriminator':
        return this.judge(prompt, rng, (option) => this.index.isKnownFix(option));
    }
  }

  private solve(prompt: string, rng: Random): string {
    const buggy = this.index.shownBuggy(prompt);
    if (buggy.length === 0) return this.touchUp(prompt, rng);
    if (rng.next() < this.fixRate) return wrapEdits(buggy.map((f) => ({ path: f.path, content: f.fixed })), rng);
    // One file gets it wrong; the others of a multi-file answer are fixed.
    const [first, ...rest] = buggy;
    const { kind, edit } = wrongEdit(first, rng);
    return wrapEdits([edit, ...rest.map((f) => ({ path: f.path, content: f.fixed }))], rng, kind !== 'wrong_path');
  }

  /**
   * A step whose files hold no known bug (a needless "add a test" subtask, or a step after the
   * fix): like a real model, it adds something small rather than nothing — a note at the end.
   */
  private touchUp(prompt: string, rng: Random): string {
    const shown = shownFiles(prompt);
    if (shown.length === 0) return 'I cannot see the file this step is about; please include its content.';
    const f = shown[0];
    const note = f.path.endsWith('.py') ? '# Covers the case fixed above.' : '// Covers the case fixed above.';
    return wrapEdits([{ path: f.path, content: `${f.content.replace(/\n*$/, '\n')}${note}\n` }], rng);
  }

  private decompose(prompt: string, rng: Random): string {
    const { found, maxFiles } = this.planFacts(prompt);
    const thinking = 'Let me look at what the step needs.\n\n';
    if (!found) return `${thinking}ATOMIC`;
    const named = found.named;
    if (named.length > maxFiles && rng.next() < SPLIT_WHEN_NEEDED) {
      return `${thinking}The fix spans ${named.length} files, so:\n${named.map((f, i) => `${i + 1}. Fix the bug in ${f.path}`).join('\n')}`;
    }
    const test = found.task.tests[0];
    if (named.length === 1 && test && rng.next() < this.splitRate) {
      return `${thinking}1. Fix the bug in ${named[0].path}\n2. Add a regression test for it in ${test} (after 1)`;
    }
    return `${thinking}ATOMIC`;
  }

  /** For the decomposition judge: true when the step should be solved whole. */
  private idealPlan(prompt: string): boolean {
    const { found, maxFiles } = this.planFacts(prompt);
    return !found || found.named.length <= maxFiles;
  }

  /** The known task a planning prompt's step names (else its whole text), and how many files a step may change. */
  private planFacts(prompt: string) {
    const found = this.index.taskNamedIn(stepLine(prompt)) ?? this.index.taskNamedIn(prompt);
    return { found, maxFiles: Number(/at most (\d+) file/i.exec(prompt)?.[1] ?? 1) };
  }

  /**
   * Names, with probability Q, the option a careful reviewer names — the first right one (a
   * model shown the same code twice keeps to the first), or the first of all when none is
   * right — and otherwise one of the others. Consistent, as a model at low temperature is.
   */
  private judge(prompt: string, rng: Random, right: (option: string) => boolean): string {
    const options = optionsOf(prompt);
    if (options.length === 0) throw new LlmConfigError('the noisy-coder judge found no "--- Option N ---" sections in its prompt');
    const preferred = options.find((o) => right(o.text)) ?? options[0];
    const others = options.filter((o) => o !== preferred);
    const n = others.length === 0 || rng.next() < this.judgeRate ? preferred.n : pick(others, rng).n;
    return `Comparing the options against the step.\nOption ${n} is the most likely to be correct and minimal.\n\nOPTION: ${n}`;
  }
}

function stepLine(prompt: string): string {
  return /^(?:Step to plan|Your step|Step|Task):\s*(.*)$/im.exec(prompt)?.[1] ?? prompt;
}

function optionsOf(prompt: string): { n: number; text: string }[] {
  const parts = prompt.split(/^-{2,}\s*Option\s+(\d+)\s*-{2,}\s*$/im);
  const out: { n: number; text: string }[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) out.push({ n: Number(parts[i]), text: parts[i + 1] });
  return out;
}

/** The `<file path="…">` sections of the solver's prompt (what it was shown). */
function shownFiles(prompt: string): Edit[] {
  return [...prompt.matchAll(/<file path="([^"]+)">\n([\s\S]*?)<\/file>/g)].map((m) => ({ path: m[1], content: m[2] }));
}

/** FNV-1a: a 32-bit number for a string, to seed draws by role, step and prompt. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
