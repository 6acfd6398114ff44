// The append-only journal that makes writes durable between checkpoints. Each write call appends
// one JSON line with a single write(2) before it returns: once it returns, the bytes are in the
// OS page cache, which survives a SIGKILL of this process (a power cut needs the checkpoint's
// fsync; per-write fsync would cost ~1 ms and cap us far below 10k steps/s).
//
// Files: `<db>.journal-<pid>-<rand>-<seq>`. `<pid>-<rand>` tags one open store instance; `seq`
// grows at each checkpoint (rotation), so the records a checkpoint covers sit in closed files that
// can be deleted once the new DB file is renamed into place.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Op } from './op';
import { describeDamaged, lineBytes, openLine, type DamagedRecord } from './lineCheck';
import { pidAlive, type StorePaths } from '../disk/paths';
import { MarkWriter } from './mark';

export interface JournalFile {
  file: string;
  tag: string;
  pid: number;
  seq: number;
  mtimeMs: number;
}

/** Tags of the store instances open in this process, so we never adopt a live sibling's journal. */
const liveTags = new Set<string>();

export function newTag(): string {
  const tag = `${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  liveTags.add(tag);
  return tag;
}

export function releaseTag(tag: string): void {
  liveTags.delete(tag);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NAME = /\.journal-((\d+)-[0-9a-f]+)-(\d+)$/;

/** The writer tag and rotation number a journal file name carries. */
export function journalId(file: string): { tag: string; seq: number } | undefined {
  const m = NAME.exec(path.basename(file));
  return m ? { tag: m[1], seq: Number(m[3]) } : undefined;
}

/** Every journal beside the DB, grouped in replay order: oldest writer first, then by seq. */
export function listJournals(paths: StorePaths): JournalFile[] {
  const re = new RegExp(`^${escapeRe(paths.base)}${NAME.source}`);
  const out: JournalFile[] = [];
  for (const name of fs.readdirSync(paths.dir)) {
    const m = re.exec(name);
    if (!m) continue;
    const file = path.join(paths.dir, name);
    try {
      out.push({ file, tag: m[1], pid: Number(m[2]), seq: Number(m[3]), mtimeMs: fs.statSync(file).mtimeMs });
    } catch {
      /* deleted meanwhile by its owner's checkpoint */
    }
  }
  const firstSeen = new Map<string, number>();
  for (const j of out) firstSeen.set(j.tag, Math.min(firstSeen.get(j.tag) ?? Infinity, j.mtimeMs));
  return out.sort((a, b) => firstSeen.get(a.tag)! - firstSeen.get(b.tag)! || a.tag.localeCompare(b.tag) || a.seq - b.seq);
}

/** A journal whose writer is gone: its pid is dead, or it is ours but no open instance has its tag. */
export function isOrphan(j: JournalFile): boolean {
  if (j.pid === process.pid) return !liveTags.has(j.tag);
  return !pidAlive(j.pid);
}

export interface ReadResult {
  ops: Op[];
  /** The file ended in a partial line (the writer died mid-append): ignored. */
  torn: boolean;
  /** Lines before the end that failed their checksum or did not parse: not applied, and reported. */
  damaged: DamagedRecord[];
  /** Whole lines read (the torn last one not counted), and the file's length. */
  lines: number;
  bytes: number;
}

export function readJournal(file: string): ReadResult {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ops: [], torn: false, damaged: [], lines: 0, bytes: 0 };
    throw err;
  }
  const ops: Op[] = [];
  const damaged: DamagedRecord[] = [];
  let line = 0;
  let start = 0;
  for (let nl = buf.indexOf(0x0a); nl >= 0; start = nl + 1, nl = buf.indexOf(0x0a, start)) {
    line++;
    if (nl === start) continue;
    const r = openLine(buf, start, nl);
    if ('json' in r) {
      try {
        ops.push(JSON.parse(r.json) as Op);
        continue;
      } catch {
        damaged.push(describeDamaged(r.json, line, 'not valid JSON'));
        continue;
      }
    }
    damaged.push(describeDamaged(buf.toString('utf8', start, nl), line, r.error));
  }
  // Bytes after the last newline: the writer died mid-append (complete files end with one).
  return { ops, torn: start < buf.length, damaged, lines: line, bytes: buf.length };
}

export class JournalWriter {
  private fd: number | undefined;
  private seq = 0;
  private current: string | undefined;
  /** Bytes appended since the last rotation: drives size-triggered checkpoints. */
  bytes = 0;
  /** Of those, the bytes of records held in the chain tail rather than applied to SQL (chain/tail.ts). */
  heldBytes = 0;
  /** Lines in the active file, and its length mark (mark.ts). */
  private lines = 0;
  private mark: MarkWriter | undefined;

  constructor(
    private readonly paths: StorePaths,
    readonly tag: string,
  ) {}

  /** The file holding records not yet covered by a checkpoint, if any were written. */
  get activeFile(): string | undefined {
    return this.current;
  }

  append(op: Op): void {
    this.appendBytes(lineBytes(JSON.stringify(op)));
  }

  /**
   * Appends one whole line (`len` bytes of `buf` from `off`: the record, its checksum and the
   * newline, lineCheck.ts) with a single write(2); `held`: it is not applied to SQL (chain/tail.ts).
   */
  appendBytes(buf: Uint8Array, held = false, off = 0, len = buf.length - off): void {
    if (this.fd === undefined) {
      this.current = path.join(this.paths.dir, `${this.paths.base}.journal-${this.tag}-${String(this.seq).padStart(6, '0')}`);
      this.fd = fs.openSync(this.current, 'a');
      this.mark = new MarkWriter(this.current);
    }
    try {
      for (let done = 0; done < len; ) done += fs.writeSync(this.fd, buf, off + done, len - done);
    } catch (err) {
      // A partial line must not swallow the next record: continue in a fresh file.
      this.rotate();
      throw err;
    }
    this.bytes += len;
    this.lines++;
    if (held) this.heldBytes += len;
  }

  /** After the lines of one write of `session` were appended: keeps the file's length mark (mark.ts). */
  wrote(session: string): void {
    this.mark?.wrote(session, this.bytes, this.lines);
  }

  /**
   * Closes the active file and returns it; the next append starts a new one. No fsync: the
   * checkpoint that follows fsyncs the DB that covers these records.
   */
  rotate(): string | undefined {
    const done = this.current;
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (fd !== undefined) fs.closeSync(fd);
    } catch {
      // Linux releases the descriptor even when close reports an error: nothing to retry, and a
      // journal that cannot be closed must not keep the store from moving on to a fresh one.
    }
    this.mark?.close();
    this.mark = undefined;
    this.current = undefined;
    this.bytes = 0;
    this.heldBytes = 0;
    this.lines = 0;
    if (done) this.seq++;
    return done;
  }

  close(): void {
    this.rotate();
    releaseTag(this.tag);
  }
}
