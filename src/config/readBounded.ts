// Reading a file the user names (--config, a prompt_template, --script): only a regular file,
// and at most MAX_INPUT_BYTES of it. Without this, `/dev/zero` or a FIFO is read until the
// process has taken ~10 GB and aborts. 4 MiB is far above any real input (the bundled config
// is ~4 KB, a template ~2 KB; a prompt of 4 MiB is ~1M tokens, beyond any model's context) and
// far below what hurts a machine. The cap is checked on the bytes actually read, not only on
// stat's size, since /proc-style files report 0 and a file may grow while it is read.
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { ConfigError } from './errors';

export const MAX_INPUT_BYTES = 4 * 1024 * 1024;
const CAP = `${MAX_INPUT_BYTES / (1024 * 1024)} MiB`;

/** The file's text, or a one-line ConfigError "<file>: cannot read <what>: <why>" (exit code 2). */
export function readBoundedText(file: string, what: string): string {
  const fail = (why: string) => new ConfigError(`${file}: cannot read ${what}: ${why}`);
  let stat: Stats;
  try {
    // stat before open: opening a FIFO with no writer would block forever.
    stat = statSync(file);
  } catch (e) {
    throw fail((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  if (!stat.isFile()) throw fail(`not a regular file (${kind(stat)}); only regular files of at most ${CAP} are read`);
  if (stat.size > MAX_INPUT_BYTES) throw fail(`${stat.size} bytes is over the ${CAP} cap on input files`);
  const chunks: Buffer[] = [];
  let length = 0;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, MAX_INPUT_BYTES + 1 - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > MAX_INPUT_BYTES) throw fail(`more than the ${CAP} cap on input files`);
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw fail((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

function kind(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}
