// Record <-> row mapping. Absent optional fields stay absent after a round trip (no `undefined`
// keys appear), and unknown fields ride along in `extra`/`body` so newer model fields survive.
import type { SampleRecord, SessionRecord, StepRecord } from '../../engine/model';
import { isContested as raceContested } from '../../engine/race';
import type { Row, SqlValue } from './db';

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parse = <T>(v: SqlValue | undefined): T | undefined => (v === null || v === undefined ? undefined : (JSON.parse(String(v)) as T));
const restOrNull = (rest: Record<string, unknown>): string | null => (Object.keys(rest).length ? JSON.stringify(rest) : null);

// ---------- sessions ----------
export const SESSION_COLUMNS = 'id, prompt, domain, flow, status, created_at, updated_at, wait_state, metrics, metadata, error, extra';

export function sessionToRow(s: SessionRecord): SqlValue[] {
  const { id, prompt, domain, flow, status, createdAt, updatedAt, waitState, metrics, metadata, error, ...rest } = s;
  return [id, prompt, domain, flow, status, createdAt, updatedAt, json(waitState ?? null), JSON.stringify(metrics), JSON.stringify(metadata ?? {}), error ?? null, restOrNull(rest)];
}

export function rowToSession(r: Row): SessionRecord {
  const s: SessionRecord = {
    ...(parse<Record<string, unknown>>(r.extra) ?? {}),
    id: String(r.id),
    prompt: String(r.prompt),
    domain: String(r.domain),
    flow: r.flow as SessionRecord['flow'],
    status: r.status as SessionRecord['status'],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    waitState: parse<SessionRecord['waitState']>(r.wait_state) ?? null,
    metrics: parse<SessionRecord['metrics']>(r.metrics)!,
    metadata: parse<SessionRecord['metadata']>(r.metadata) ?? {},
  };
  if (r.error !== null && r.error !== undefined) s.error = String(r.error);
  return s;
}

// ---------- steps ----------
export const STEP_COLUMNS =
  'session_id, step_id, parent_id, idx, depth, status, phase, description, contested, input, winner_text, output, child_ids, change_set, metrics, extra, updated_at';

export function stepToRow(sessionId: string, st: StepRecord): SqlValue[] {
  const { id, parentId, depth, index, description, status, phase, input, winnerText, output, childIds, changeSet, metrics, updatedAt, ...rest } = st;
  return [
    sessionId, id, parentId ?? null, index, depth, status, phase, description, isContested(st) ? 1 : 0,
    input ?? null, winnerText ?? null, json(output), json(childIds), json(changeSet), JSON.stringify(metrics), restOrNull(rest), updatedAt,
  ];
}

export function rowToStep(r: Row): StepRecord {
  const st: StepRecord = {
    ...(parse<Record<string, unknown>>(r.extra) ?? {}),
    id: String(r.step_id),
    parentId: r.parent_id === null ? null : String(r.parent_id),
    depth: Number(r.depth),
    index: Number(r.idx),
    description: String(r.description),
    status: r.status as StepRecord['status'],
    phase: r.phase as StepRecord['phase'],
    metrics: parse<StepRecord['metrics']>(r.metrics)!,
    updatedAt: String(r.updated_at),
  };
  if (r.input !== null) st.input = String(r.input);
  if (r.winner_text !== null) st.winnerText = String(r.winner_text);
  if (r.output !== null) st.output = parse(r.output);
  if (r.child_ids !== null) st.childIds = parse(r.child_ids);
  if (r.change_set !== null) st.changeSet = parse(r.change_set);
  return st;
}

/**
 * A step worth keeping candidates for after it leaves the recent window: anything that was not a
 * clean unanimous race (resamples, red flags, split or capped votes, not completed, human input,
 * a failed verification).
 */
export function isContested(st: StepRecord): boolean {
  const m = st.metrics;
  if (st.status !== 'completed') return true;
  if (m.resamples > 0) return true;
  for (const f in m.redFlags ?? {}) if (m.redFlags[f] > 0) return true;
  // What makes a race contested is decided once, in engine/race.ts.
  if ((m.tally && raceContested(m.tally)) || (m.decompositionTally && raceContested(m.decompositionTally))) return true;
  return !!(st.rejectedKeys?.length || st.failedKeys?.length);
}

// ---------- samples ----------
export const SAMPLE_COLUMNS = 'session_id, step_id, role, seq, text, key, flags, flagged, rejected, body';

export function sampleToRow(sessionId: string, s: SampleRecord): SqlValue[] {
  const { stepId, role, seq, text, key, flags, rejected, ...body } = s;
  return [sessionId, stepId, role, seq, text, key ?? null, JSON.stringify(flags ?? []), flags && flags.length ? 1 : 0, rejected === undefined ? null : rejected ? 1 : 0, JSON.stringify(body)];
}

export function rowToSample(r: Row): SampleRecord {
  const s = {
    ...(parse<Record<string, unknown>>(r.body) ?? {}),
    stepId: String(r.step_id),
    role: r.role,
    seq: Number(r.seq),
    text: String(r.text),
    flags: parse(r.flags) ?? [],
  } as SampleRecord;
  if (r.key !== null) s.key = String(r.key);
  if (r.rejected !== null) s.rejected = Number(r.rejected) === 1;
  return s;
}

// ---------- direct row -> JSON (retiring steps to segments) ----------
// Retiring serializes thousands of rows at a time. Building each record's JSON from the column texts (most
// are JSON already) skips a parse + stringify round trip per row; the result parses to exactly
// what rowToStep/rowToSample return.
const str = (v: SqlValue): string => JSON.stringify(String(v));
const inner = (v: SqlValue): string => (v === null ? '' : String(v).slice(1, -1));

export function rowToStepJson(r: Row): string {
  const p = [
    `"id":${str(r.step_id)}`,
    `"parentId":${r.parent_id === null ? 'null' : str(r.parent_id)}`,
    `"depth":${Number(r.depth)}`,
    `"index":${Number(r.idx)}`,
    `"description":${str(r.description)}`,
    `"status":${str(r.status)}`,
    `"phase":${str(r.phase)}`,
    `"metrics":${String(r.metrics)}`,
    `"updatedAt":${str(r.updated_at)}`,
  ];
  if (r.input !== null) p.push(`"input":${str(r.input)}`);
  if (r.winner_text !== null) p.push(`"winnerText":${str(r.winner_text)}`);
  if (r.output !== null) p.push(`"output":${String(r.output)}`);
  if (r.child_ids !== null) p.push(`"childIds":${String(r.child_ids)}`);
  if (r.change_set !== null) p.push(`"changeSet":${String(r.change_set)}`);
  const extra = inner(r.extra);
  if (extra) p.push(extra);
  return `{${p.join(',')}}`;
}

export function rowToSampleJson(r: Row): string {
  const p = [`"stepId":${str(r.step_id)}`, `"role":${str(r.role)}`, `"seq":${Number(r.seq)}`, `"text":${str(r.text)}`, `"flags":${String(r.flags)}`];
  if (r.key !== null) p.push(`"key":${str(r.key)}`);
  if (r.rejected !== null) p.push(`"rejected":${Number(r.rejected) === 1}`);
  const body = inner(r.body);
  if (body) p.push(body);
  return `{${p.join(',')}}`;
}
