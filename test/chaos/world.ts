// One chaos case's world: a fresh MICROFACTORY_HOME, a local chat-completions server answering
// Hanoi prompts (optionally with faults), and real `microfactory` processes against both. Every
// process that may call the model is an epoch of the ledger (ledger.ts), so what the server was
// paid can be set against what the store kept, from outside.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { CLI, runCli, type CliResult } from '../support/cliRun';
import type { LlmServerOptions, LlmServer } from '../support/llmServer';
import { startHanoiServer } from '../support/hanoiServer';
import { makeTmpDir, type TmpDir } from '../support/tmpDir';
import { Ledger } from './ledger';

/** When to SIGKILL a process: once the server got `afterRequests` from it, then `jitterMs` later; `afterMs` after spawn; or once `when()` holds. */
export type KillPlan = { afterRequests: number; jitterMs: number } | { afterMs: number } | { when: () => boolean };

export interface Exit extends CliResult {
  signal: NodeJS.Signals | null;
  killed: boolean;
}

export interface WorldOptions {
  disks: number;
  seed?: number;
  /** The server's own wrong-answer rate (the votes absorb it). */
  errorRate?: number;
  faultPolicy?: LlmServerOptions['faultPolicy'];
  /** Per-call timeout of the CLI (--timeout-ms), for hanging requests. */
  timeoutMs?: number;
}

export class World {
  readonly ledger: Ledger;
  private constructor(readonly home: TmpDir, readonly server: LlmServer, readonly opts: WorldOptions, ledger?: Ledger, private readonly ownsServer = true) {
    this.ledger = ledger ?? new Ledger(server, opts.disks);
  }

  static async open(name: string, opts: WorldOptions): Promise<World> {
    const server = await startHanoiServer({ errorRate: opts.errorRate ?? 0.01, seed: opts.seed ?? 1, faultPolicy: opts.faultPolicy });
    return new World(makeTmpDir(`mf-chaos-${name}-`), server, opts);
  }

  /** A copy of this world's store (or of the files in `from`) in a new home, on the same server, with the ledger as it stands. */
  fork(name: string, from = this.home.path): World {
    const home = makeTmpDir(`mf-chaos-${name}-`);
    cpSync(from, home.path, { recursive: true });
    return new World(home, this.server, this.opts, this.ledger.fork(), false);
  }

  async close(): Promise<void> {
    if (this.ownsServer) await this.server.close();
    this.home.cleanup();
  }

  /** The model flags of every run and resume: the local server through the OpenAI SDK, a priced model name. */
  modelArgs(): string[] {
    const args = ['--llm-provider', 'openai-compatible', '--base-url', this.server.baseUrl('openai'), '--api-key', 'chaos-key', '--llm-model', 'gpt-4.1-mini'];
    if (this.opts.timeoutMs) args.push('--timeout-ms', String(this.opts.timeoutMs));
    return args;
  }

  // One request per sample (`--sampling separate`): the ledger sets the server's requests against
  // the stored samples one for one. n-sampling's bills are checked in app/nSampling.test.ts.
  runArgs(extra: string[] = []): string[] {
    return ['run', '--domain', 'hanoi', '--disks', String(this.opts.disks), ...this.modelArgs(), '--sampling', 'separate', '--json', '-q', ...extra];
  }

  resumeArgs(id: string, extra: string[] = []): string[] {
    return ['resume', '--session-id', id, ...this.modelArgs(), '--json', '-q', ...extra];
  }

  /** A command that does not call the model (status, export, doctor). */
  cli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
    return runCli(args, { home: this.home.path, timeoutMs });
  }

  /** A run or resume (it may call the model), killed by `kill` if given; settle the ledger after it. */
  async model(args: string[], kill?: KillPlan): Promise<Exit> {
    const exit = kill ? await this.killed(args, kill) : { ...(await runCli(args, { home: this.home.path, timeoutMs: 300_000 })), signal: null, killed: false };
    if (exit.killed) this.ledger.noteKill();
    return exit;
  }

  private killed(args: string[], plan: KillPlan): Promise<Exit> {
    const base = this.server.total;
    const env: NodeJS.ProcessEnv = { ...process.env, MICROFACTORY_HOME: this.home.path };
    delete env.MICROFACTORY_LOG;
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let sent = false;
    const kill = (): void => {
      if (!sent) child.kill('SIGKILL');
      sent = true;
    };
    let poll: NodeJS.Timeout | undefined;
    if ('afterMs' in plan) setTimeout(kill, plan.afterMs).unref();
    else if ('when' in plan) {
      poll = setInterval(() => {
        if (plan.when()) kill();
      }, 5);
    } else {
      poll = setInterval(() => {
        if (this.server.total - base < plan.afterRequests) return;
        clearInterval(poll);
        setTimeout(kill, plan.jitterMs);
      }, 1);
    }
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearInterval(poll);
        sent = true;
        resolve({ code, signal, stdout, stderr, killed: signal === 'SIGKILL' });
      });
    });
  }
}
