// Spawns the bundled CLI (dist/cli.js) the way a user would and collects its exit code and output.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root, from out/test/support/ (compiled) or test/support/ (ts-node). */
export const REPO_ROOT = [path.resolve(__dirname, '../../..'), path.resolve(__dirname, '../..')].find((d) => existsSync(path.join(d, 'package.json')) && existsSync(path.join(d, 'config.yaml')))!;
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** MICROFACTORY_HOME for the child (its store lives there). */
  home: string;
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Builds dist/cli.js once if it is missing (the test command normally builds first). */
export function ensureCliBuilt(): void {
  if (existsSync(CLI)) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0 || !existsSync(CLI)) throw new Error(`npm run build failed (status ${r.status}); dist/cli.js is missing`);
}

export function runCli(args: string[], opts: CliRunOptions): Promise<CliResult> {
  return startCli(args, opts).result;
}

/** A running CLI child: kill it (SIGKILL mid-work) and await its result, whose code is null then. */
export interface StartedCli {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** The stderr so far. */
  stderr(): string;
}

export function startCli(args: string[], opts: CliRunOptions): StartedCli {
  const env: NodeJS.ProcessEnv = { ...process.env, MICROFACTORY_HOME: opts.home, ...opts.env };
  delete env.MICROFACTORY_LOG;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? opts.home, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  child.stdin!.on('error', () => undefined); // the child may exit before reading stdin
  child.stdin!.end(opts.input ?? '');
  return { child, result, stderr: () => stderr };
}

/** runCli with at most `limit` children at once (spawning dozens at once starves a small machine). */
export function cliPool(limit: number): (args: string[], opts: CliRunOptions) => Promise<CliResult> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (args, opts) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await runCli(args, opts);
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Exit 2 and exactly one line on stderr, with no stack trace; returns the line. */
export function oneLineUsageError(r: CliResult): string {
  assert.equal(r.code, 2, `exit code ${r.code}; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  const line = lines[0];
  assert.match(line, /^microfactory\b/);
  assert.doesNotMatch(r.stderr, /\n\s+at |\bat .+:\d+:\d+\)|^\s*at /m, 'a stack trace leaked');
  assert.doesNotMatch(line, /\b(ConfigError|UsageError|LlmConfigError|TypeError|ZodError)\b/);
  return line;
}
