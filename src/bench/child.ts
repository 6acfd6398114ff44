// Each timed run of the benchmark happens in a fresh Node process, so that no run inherits an
// earlier one's heap, JIT state or sql.js module, and the figures do not depend on the order of
// the runs. The parent re-runs this bundle with `--child bare|engine` and the same flags, and
// reads one JSON line back.
import { fork } from 'node:child_process';

export type ChildRole = 'bare' | 'engine';

export function runInChild<T>(role: ChildRole, argv: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1], [...argv, '--child', role], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: process.execArgv });
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench ${role} run exited with ${signal ?? code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench ${role} run printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}
