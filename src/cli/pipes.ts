// `microfactory export … | head -1`: once the reader is gone, writes fail with EPIPE, which
// Node raises as an unhandled 'error' event (a stack trace, exit 1). A reader that stops early
// is normal in a pipeline: like `cat` or `grep`, stop writing quietly and let the command end.

/** After this, an EPIPE on `stream` closes it quietly and later writes are dropped. */
export function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    // Anything else (a full disk behind a redirect) is damage and stays as loud as before.
    if (e.code !== 'EPIPE') throw e;
    stream.destroy();
  });
}

/** Writes `chunk`, waiting while the pipe is full; false once the reader has gone, so long writers (export) stop early. */
export async function writeOut(chunk: string, stream: NodeJS.WriteStream = process.stdout): Promise<boolean> {
  if (stream.destroyed) return false;
  if (!stream.write(chunk)) {
    // 'close' too: a reader that leaves while we wait never sends 'drain'.
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }
  return !stream.destroyed;
}
