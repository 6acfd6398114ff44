// A corpus task as a real repository on disk, and the benchmark's own judgement of "fixed":
// the task's test files are put back as written (a run that edits a test to pass fixes
// nothing), then the task's test command runs in a fresh process; exit 0 is fixed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { variantFiles } from './code-tasks';
import { testCommand, type CodeTask } from './code-tasks/task';

const TEST_TIMEOUT_MS = 60_000;

/** What every task repository holds besides its code, so `npm test` and pytest behave and git stays clean. */
function projectFiles(task: CodeTask): Record<string, string> {
  const gitignore = 'node_modules/\n__pycache__/\n.pytest_cache/\n';
  if (task.lang === 'js') {
    return { '.gitignore': gitignore, 'package.json': JSON.stringify({ name: task.id, private: true, scripts: { test: 'node --test' } }, null, 2) + '\n' };
  }
  // pythonpath: the modules sit at the root; no cache provider: nothing written beside the tests.
  return { '.gitignore': gitignore, 'pyproject.toml': `[tool.pytest.ini_options]\npythonpath = ["."]\naddopts = "-p no:cacheprovider"\n` };
}

function writeAll(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * Writes the task (buggy, or with its fix or decoy applied) into `dir` as a git repository with one
 * commit; `around`: other files of the repository the task sits in (none may be one of the task's).
 */
export function materialize(task: CodeTask, dir: string, variant: 'buggy' | 'fixed' | 'decoy' = 'buggy', around: Record<string, string> = {}): void {
  const own = { ...projectFiles(task), ...variantFiles(task, variant) };
  const clash = Object.keys(own).find((p) => p in around);
  if (clash) throw new Error(`${task.id}: ${clash} is both a task file and a file around it`);
  writeAll(dir, { ...around, ...own });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', `task ${task.id}`);
}

export interface CommandResult {
  exitCode: number | null;
  output: string;
  ms: number;
}

/** Runs a shell command to completion (or timeout), output interleaved. */
export function runCommand(command: string, cwd: string, timeoutMs = TEST_TIMEOUT_MS): Promise<CommandResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', NODE_OPTIONS: '' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output, ms: performance.now() - t0 });
    });
  });
}

/** Fixed: the task's own tests, restored as written, pass in `dir`. */
export async function judgeFixed(task: CodeTask, dir: string): Promise<{ fixed: boolean; result: CommandResult }> {
  writeAll(dir, Object.fromEntries(task.tests.map((p) => [p, task.files[p]])));
  const result = await runCommand(testCommand(task), dir);
  return { fixed: result.exitCode === 0, result };
}
