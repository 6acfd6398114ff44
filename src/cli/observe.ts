// What a CLI run shows and records, chosen by the global flags: the session log file always;
// then the normal view (progress + summary), -v (every event with a timestamp on stderr),
// --log-json (one JSON record per event and log line on stdout), or --inspect (LLM traffic on
// stdout). Every text that leaves here is redacted with the keys this process knows.
import type { EngineEvent } from '../engine/events';
import type { Logger } from '../engine/ports';
import { machineKeys, redactSecrets, type LlmCall } from '../llm';
import type { GlobalFlags } from './globals';
import { inspector } from './inspect';
import { callRecord, eventRecord, messageRecord, recordLine, type Level, type LogRecord } from './logLines';
import { logDir, SessionLogs } from './sessionLog';

/** -v shows every event, but a step's full record can be pages long: the log file has it whole. */
const VERBOSE_LINE_MAX = 400;

export interface CliView {
  readonly globals: GlobalFlags;
  readonly log: Logger;
  /** The normal progress display and summary; off under -v (its lines are the progress) and --inspect. */
  readonly showsProgress: boolean;
  onEvent(e: EngineEvent): void;
  onLlmCall(c: LlmCall): void;
  /** One record on stdout in the --log-json format (e.g. the run's summary). */
  printRecord(rec: LogRecord): void;
  logPath(sessionId: string): string;
  close(): Promise<void>;
}

export interface ViewOptions {
  /** Keys given on the command line (--api-key); the machine's own keys are added here. */
  secrets?: string[];
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export function cliView(globals: GlobalFlags, o: ViewOptions = {}): CliView {
  const env = o.env ?? process.env;
  const stdout = o.stdout ?? ((t: string) => process.stdout.write(t));
  const stderr = o.stderr ?? ((t: string) => process.stderr.write(t));
  const secrets = [...(o.secrets ?? []), ...machineKeys(env)];
  const redact = (text: string) => redactSecrets(text, secrets);
  const file = new SessionLogs(logDir(env), redact, (m) => stderr(`warning: ${m}\n`));
  const printRecord = (rec: LogRecord) => stdout(redact(JSON.stringify(rec, null, globals.compact ? undefined : 2)) + '\n');
  const verboseLine = (rec: LogRecord) => {
    const line = redact(recordLine(rec));
    stderr((line.length > VERBOSE_LINE_MAX ? `${line.slice(0, VERBOSE_LINE_MAX - 1)}…` : line) + '\n');
  };
  // The stream each record goes to besides the file; undefined: the view shows none.
  const stream = globals.logJson ? printRecord : globals.verbose ? verboseLine : undefined;
  const inspect = globals.inspect ? inspector({ mode: globals.inspect, compact: globals.compact, redact, write: stdout }) : undefined;
  const legacyDebug = env.MICROFACTORY_LOG === 'debug';

  const message = (level: Level) => (m: string) => {
    file.message(level, m);
    if (stream) return stream(messageRecord(level, m));
    if (level === 'warn' || level === 'error') stderr(`${level === 'warn' ? 'warning' : 'error'}: ${redact(m)}\n`);
    else if (legacyDebug) stderr(`${level === 'debug' ? 'debug: ' : ''}${redact(m)}\n`);
  };

  return {
    globals,
    log: { debug: message('debug'), info: message('info'), warn: message('warn'), error: message('error') },
    showsProgress: !globals.verbose && !globals.inspect,
    onEvent: (e) => {
      file.event(e);
      stream?.(eventRecord(e));
    },
    onLlmCall: (c) => {
      file.call(c);
      if (inspect) inspect(c);
      else if (stream) stream(callRecord(c));
    },
    printRecord,
    logPath: (id) => file.pathOf(id),
    close: () => file.close(),
  };
}

/** The --api-key value(s) in argv, so the view can redact them before the command parses its flags. */
export function apiKeysIn(argv: string[]): string[] {
  const keys: string[] = [];
  argv.forEach((t, i) => {
    if (t === '--api-key' && argv[i + 1] !== undefined) keys.push(argv[i + 1]);
    else if (t.startsWith('--api-key=')) keys.push(t.slice('--api-key='.length));
  });
  return keys;
}
