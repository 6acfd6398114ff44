// Runs the domain's verifier command (e.g. `npm test`) after a step is applied. It runs in a
// shell in its own process group so a timeout or a cancel kills the whole tree (npm → node →
// workers), not just the shell. Output is captured interleaved, bounded in memory, and
// truncated to its head and tail: the start says what ran, the end says why it failed.
import { spawn } from 'node:child_process';
import type { VerificationRecord } from '../engine/model';

export const OUTPUT_HEAD_BYTES = 8 * 1024;
export const OUTPUT_TAIL_BYTES = 8 * 1024;
/** After SIGTERM, how long the process group gets before SIGKILL. */
const KILL_GRACE_MS = 2000;

/** Keeps the first `head` and the last `tail` bytes of a stream, whatever its length. */
export class HeadTailBuffer {
  private readonly headChunks: Buffer[] = [];
  private headLen = 0;
  private tailChunks: Buffer[] = [];
  private tailLen = 0;
  private total = 0;

  constructor(private readonly head = OUTPUT_HEAD_BYTES, private readonly tail = OUTPUT_TAIL_BYTES) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headLen < this.head) {
      const take = chunk.subarray(0, this.head - this.headLen);
      this.headChunks.push(take);
      this.headLen += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tailChunks.push(chunk);
    this.tailLen += chunk.length;
    // Compact once the tail holds twice what it keeps, so memory stays bounded.
    if (this.tailLen > 2 * this.tail) {
      const all = Buffer.concat(this.tailChunks);
      this.tailChunks = [all.subarray(all.length - this.tail)];
      this.tailLen = this.tail;
    }
  }

  toString(): string {
    const head = Buffer.concat(this.headChunks).toString('utf8');
    const tailAll = Buffer.concat(this.tailChunks);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - this.tail));
    const dropped = this.total - this.headLen - tail.length;
    if (dropped <= 0) return head + tail.toString('utf8');
    return `${head}\n… [${dropped} bytes of output truncated] …\n${tail.toString('utf8')}`;
  }
}

export interface RunVerifierOptions {
  command: string;
  cwd: string;
  timeoutMs: number;
  attempt: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    // A negative pid signals the whole process group (POSIX); on Windows there are no groups.
    process.kill(process.platform === 'win32' ? pid : -pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Runs the verifier to completion, timeout or cancellation. Exit code 0 passes. On timeout the
 * record has exitCode null, passed false and a note at the end of the output. If `signal`
 * aborts, the process group is killed and the promise rejects with the abort reason.
 */
export function runVerifier(opts: RunVerifierOptions): Promise<VerificationRecord> {
  const started = Date.now();
  return new Promise<VerificationRecord>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(opts.signal.reason ?? new Error('aborted'));
      return;
    }
    const out = new HeadTailBuffer();
    const child = spawn(opts.command, {
      cwd: opts.cwd,
      shell: true,
      detached: process.platform !== 'win32',
      // No stdin: a verifier that prompts must fail, not hang. CI=1 turns off watch modes and
      // interactive reporters in most test runners (unless the user set CI themselves).
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { CI: '1', ...(opts.env ?? process.env) },
      windowsHide: true,
    });
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => out.push(c));

    let timedOut = false;
    let aborted = false;
    let settled = false;
    let forceTimer: NodeJS.Timeout | undefined;
    const terminate = () => {
      killGroup(child.pid, 'SIGTERM');
      forceTimer = setTimeout(() => {
        killGroup(child.pid, 'SIGKILL');
        // A grandchild that left the group could keep our pipes open forever: stop waiting.
        forceTimer = setTimeout(() => finish(null, 'SIGKILL'), KILL_GRACE_MS);
      }, KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      terminate();
    }, Math.max(1, opts.timeoutMs));
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (code: number | null, sig: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (forceTimer) clearTimeout(forceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (aborted) {
        reject(opts.signal?.reason ?? new Error('aborted'));
        return;
      }
      let output = out.toString();
      if (spawnError) output += `\n[verifier could not start: ${spawnError.message}]`;
      if (timedOut) output += `\n[verifier timed out after ${opts.timeoutMs} ms and was killed]`;
      else if (sig) output += `\n[verifier killed by ${sig}]`;
      const exitCode = timedOut ? null : code;
      resolve({ command: opts.command, exitCode, passed: exitCode === 0, output, durationMs: Date.now() - started, attempt: opts.attempt });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, sig) => finish(code, sig));
  });
}
