// A journal's length, recorded beside it: `<db>.jlen-<tag>-<seq>` holds how many bytes and lines
// its journal had reached, and which sessions it wrote. Checksums catch a damaged line, but a
// journal cut at a line boundary, or emptied, reads as a shorter, sound file: without a length
// kept elsewhere, its lost records would be re-run in silence. A recovery that finds a journal
// shorter than its mark says what was lost and on which sessions (durability.ts adopt).
//
// Cost: the mark is rewritten in place (one pwrite, no fsync, like the journal's own lines) when a
// journal file starts, and then at most every MARK_MS: a million-step chain pays ~50 writes a
// second, never one per step. Lines appended after the last mark are not covered: a cut among
// them reads as a crash a moment earlier.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Longest time a mark lags its journal while records are being written. */
export const MARK_MS = 20;

export interface JournalMark {
  bytes: number;
  lines: number;
  sessions: string[];
}

/** The mark file of a journal file (same folder; never matched by the journal file pattern). */
export function markOf(journalFile: string): string {
  const dir = path.dirname(journalFile);
  return path.join(dir, path.basename(journalFile).replace(/\.journal-(?=[^.]*$)/, '.jlen-'));
}

/** The journal's mark, or undefined when there is none (or it is unreadable: a mark is a hint, never a record). */
export function readMark(journalFile: string): JournalMark | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(markOf(journalFile), 'utf8')) as Partial<JournalMark>;
    if (typeof m.bytes !== 'number' || typeof m.lines !== 'number' || !Array.isArray(m.sessions)) return undefined;
    return { bytes: m.bytes, lines: m.lines, sessions: m.sessions.filter((s): s is string => typeof s === 'string') };
  } catch {
    return undefined;
  }
}

export function removeMark(journalFile: string): void {
  fs.rmSync(markOf(journalFile), { force: true });
}

/** Keeps one journal file's mark up to date; a new one per journal file. */
export class MarkWriter {
  private fd: number | undefined;
  private written = 0;
  private at = 0;
  private readonly sessions = new Set<string>();

  constructor(private readonly journalFile: string) {}

  /** After a line of `session` was appended: rewrites the mark when it is new, names a new session, or is MARK_MS old. */
  wrote(session: string, bytes: number, lines: number): void {
    const fresh = !this.sessions.has(session);
    if (fresh) this.sessions.add(session);
    const now = Date.now();
    if (!fresh && this.fd !== undefined && now - this.at < MARK_MS) return;
    this.at = now;
    try {
      this.fd ??= fs.openSync(markOf(this.journalFile), 'w');
      const text = JSON.stringify({ bytes, lines, sessions: [...this.sessions] } satisfies JournalMark);
      // In place, padded over a longer earlier mark (JSON.parse allows trailing blanks): one write(2).
      const buf = Buffer.from(text.padEnd(this.written, ' '), 'utf8');
      fs.writeSync(this.fd, buf, 0, buf.length, 0);
      this.written = buf.length;
    } catch {
      // A mark that cannot be written only weakens the check; the journal itself is what matters.
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Released by Linux even on error.
    }
    this.fd = undefined;
  }
}
