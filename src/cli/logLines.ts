// One formatting of engine events, log lines and model calls for every log view: the session
// log file, -v on stderr and --log-json on stdout. Levels follow what a reader would filter on:
// the run's milestones are info, trouble is warn/error, the per-sample stream is debug.
import type { EngineEvent } from '../engine/events';
import type { LlmCall } from '../llm';
import { stepJson } from './output';

export type Level = 'debug' | 'info' | 'warn' | 'error';

/** A structured log record: what --log-json prints and what the log file holds after the timestamp. */
export interface LogRecord {
  ts: string;
  level: Level;
  [field: string]: unknown;
}

const INFO_EVENTS = new Set<EngineEvent['type']>(['session_started', 'verifier_chosen', 'baseline', 'paused', 'session_finished', 'change_applied', 'verified']);
const WARN_EVENTS = new Set<EngineEvent['type']>(['red_flagged', 'step_failed']);

export function eventLevel(e: EngineEvent): Level {
  if (e.type === 'log') return e.level;
  if (e.type === 'session_finished' && e.status === 'failed') return 'error';
  return WARN_EVENTS.has(e.type) ? 'warn' : INFO_EVENTS.has(e.type) ? 'info' : 'debug';
}

export function eventRecord(e: EngineEvent, at = new Date()): LogRecord {
  return { ts: at.toISOString(), level: eventLevel(e), ...e };
}

/**
 * An event as the session log keeps it: without the session id (the file is the session's) and
 * with a finished step as its status JSON rather than the whole record (input, output and
 * winning text are in the store), so a long chain's log stays a fraction of its size.
 */
export function fileEventRecord(e: EngineEvent, at = new Date()): LogRecord {
  const { sessionId: _id, ...rest } = e;
  if (rest.type === 'step_completed') return { ts: at.toISOString(), level: eventLevel(e), type: rest.type, step: stepJson(rest.step) };
  return { ts: at.toISOString(), level: eventLevel(e), ...rest };
}

export function messageRecord(level: Level, message: string, at = new Date()): LogRecord {
  return { ts: at.toISOString(), level, type: 'message', message };
}

/** A model call without its texts (those are --inspect's business): who, how much, how long. */
export function callRecord(c: LlmCall, at = new Date()): LogRecord {
  const r = c.request;
  return {
    ts: at.toISOString(), level: callLevel(c), type: 'llm_call',
    provider: r.provider, model: r.model, role: r.role,
    tokens_in: c.response?.usage.input ?? null, tokens_out: c.response?.usage.output ?? null,
    latency_ms: c.response ? Math.round(c.response.latencyMs) : null, elapsed_ms: Math.round(c.elapsedMs),
    finish: c.response?.finish ?? null, ...(c.error ? { error: c.error } : {}),
  };
}

export function callLevel(c: LlmCall): Level {
  return c.error ? 'warn' : 'debug';
}

/** `TIMESTAMP LEVEL TYPE {rest as JSON}`: greppable by type, complete in its fields. */
export function recordLine(rec: LogRecord): string {
  const { ts, level, type, ...rest } = rec;
  if (type === 'message') return `${ts} ${level.padEnd(5)} ${String(rest.message)}`;
  return `${ts} ${level.padEnd(5)} ${String(type)} ${JSON.stringify(rest)}`;
}
