// The full debug log every run leaves behind, whatever the view: one file per session at
// $MICROFACTORY_HOME/logs/session-<id>.log with every engine event, log line and model call,
// each under a timestamp. Every line is redacted first, so no key reaches the file.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EngineEvent } from '../engine/events';
import type { LlmCall } from '../llm';
import { defaultStorePath } from '../store';
import { safeName } from '../store';
import { callLevel, callRecord, eventLevel, fileEventRecord, messageRecord, recordLine, type Level, type LogRecord } from './logLines';

interface OpenLog {
  stream: WriteStream;
  bytes: number;
  debugCut: boolean;
}

/**
 * Past this many bytes a session's file keeps only info, warn and error lines: a million-step
 * chain logs ~1 KB of debug lines per step, and a log nobody can open helps no one. The cut is
 * announced in the file itself.
 */
export const DEBUG_BYTES_MAX = 64 * 1024 * 1024;

/** Lines logged before any session exists (config, store opening) wait for the first one; a bound keeps a session-less command small. */
const MAX_EARLY_LINES = 1000;

export function logDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(defaultStorePath(env)), 'logs');
}

export function sessionLogPath(sessionId: string, dir = logDir()): string {
  return join(dir, `session-${safeName(sessionId)}.log`);
}

export class SessionLogs {
  private readonly files = new Map<string, OpenLog>();
  private early: string[] = [];
  /** Log lines go to the session that started last (one per CLI run; serve's runs keep their own logs). */
  private current?: string;
  private failed = false;

  constructor(
    private readonly dir: string,
    private readonly redact: (text: string) => string,
    private readonly warn: (message: string) => void,
    private readonly debugBytesMax = DEBUG_BYTES_MAX,
  ) {}

  event(e: EngineEvent): void {
    if (e.type === 'session_started') this.current = e.sessionId;
    this.write(e.sessionId, eventLevel(e), () => fileEventRecord(e));
  }

  message(level: Level, message: string): void {
    this.write(this.current, level, () => messageRecord(level, message));
  }

  call(c: LlmCall): void {
    this.write(this.current, callLevel(c), () => callRecord(c));
  }

  pathOf(sessionId: string): string {
    return sessionLogPath(sessionId, this.dir);
  }

  async close(): Promise<void> {
    const ends = [...this.files.values()].map((f) => new Promise<void>((resolve) => f.stream.end(resolve)));
    this.files.clear();
    await Promise.all(ends);
  }

  /** `make` runs only for a line that is kept: formatting and redacting cost more than the write. */
  private write(sessionId: string | undefined, level: Level, make: () => LogRecord): void {
    if (sessionId === undefined) {
      if (this.early.length < MAX_EARLY_LINES) this.early.push(this.line(make()));
      return;
    }
    const file = this.open(sessionId);
    if (!file) return;
    if (file.bytes >= this.debugBytesMax && level === 'debug') {
      if (!file.debugCut) file.stream.write(this.line(messageRecord('info', `this log passed ${this.debugBytesMax} bytes: debug lines are left out from here on (the store keeps every step)`)));
      file.debugCut = true;
      return;
    }
    const line = this.line(make());
    file.bytes += line.length;
    file.stream.write(line);
  }

  private line(rec: LogRecord): string {
    return this.redact(recordLine(rec)) + '\n';
  }

  private open(sessionId: string): OpenLog | undefined {
    let file = this.files.get(sessionId);
    if (file || this.failed) return file;
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      return this.fail(`cannot create the log folder ${this.dir}: ${(e as Error).message}`);
    }
    const stream = createWriteStream(this.pathOf(sessionId), { flags: 'a' });
    stream.on('error', (e) => this.fail(`session log ${this.pathOf(sessionId)}: ${e.message}`));
    file = { stream, bytes: 0, debugCut: false };
    this.files.set(sessionId, file);
    for (const line of this.early) stream.write(line);
    this.early = [];
    return file;
  }

  /** A log that cannot be written is reported once; the run itself goes on. */
  private fail(message: string): undefined {
    if (!this.failed) this.warn(message);
    this.failed = true;
    return undefined;
  }
}
