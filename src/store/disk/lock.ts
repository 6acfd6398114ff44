// An exclusive lock file around checkpoints (read disk, merge, write, rename), so two processes
// sharing one store never interleave them. Created with O_EXCL; holds {pid, host, tag, at}.
// A lock is stale when its process is gone (same host) or it is older than `staleMs` (a
// checkpoint takes well under a second; a holder that slow is hung), and is then broken.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { pidAlive } from './paths';

export class LockTimeoutError extends Error {
  constructor(file: string, holder: string) {
    super(`Timed out waiting for the session store lock ${file} (held by ${holder}).`);
    this.name = 'LockTimeoutError';
  }
}

interface Holder {
  pid: number;
  host: string;
  tag: string;
  at: string;
}

export class FileLock {
  private held = false;

  constructor(
    readonly file: string,
    private readonly tag: string,
    private readonly staleMs = 30_000,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** One non-blocking attempt (breaking a stale lock on the way). Not re-entrant: false while held. */
  tryAcquire(): boolean {
    if (this.held) return false;
    if (this.create()) return true;
    if (this.breakIfStale()) return this.create();
    return false;
  }

  async acquire(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let wait = 5;
    while (!this.tryAcquire()) {
      if (Date.now() > deadline) throw new LockTimeoutError(this.file, this.describeHolder());
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 100);
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    // Only remove it if it is still ours (it could have been broken as stale and retaken).
    if (this.readHolder()?.tag === this.tag) fs.rmSync(this.file, { force: true });
  }

  private create(): boolean {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      const me: Holder = { pid: process.pid, host: os.hostname(), tag: this.tag, at: new Date().toISOString() };
      fs.writeSync(fd, JSON.stringify(me));
    } finally {
      fs.closeSync(fd);
    }
    this.held = true;
    return true;
  }

  private readHolder(): Holder | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Holder;
    } catch {
      return undefined;
    }
  }

  private describeHolder(): string {
    const h = this.readHolder();
    return h ? `pid ${h.pid} on ${h.host} since ${h.at}` : 'an unknown process';
  }

  private breakIfStale(): boolean {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return true; // vanished meanwhile: just try again
    }
    const h = this.readHolder();
    const age = Date.now() - st.mtimeMs;
    const dead = h ? h.host === os.hostname() && !pidAlive(h.pid) : age > 2_000; // empty: its writer died between create and write
    if (!dead && age <= this.staleMs) return false;
    // Break by renaming to a private name, then check we moved the file we judged (same inode):
    // if another breaker already replaced it with a fresh lock, put that one back.
    const aside = `${this.file}.stale-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
    try {
      fs.renameSync(this.file, aside);
    } catch {
      return true;
    }
    if (fs.statSync(aside).ino !== st.ino) {
      try {
        fs.linkSync(aside, this.file);
      } catch {
        /* someone holds a newer lock already; theirs wins */
      }
      fs.rmSync(aside, { force: true });
      return false;
    }
    fs.rmSync(aside, { force: true });
    return true;
  }
}
