// One chain step held in the tail (tail.ts), serialized once: as the journal line that made it
// durable. The tail keeps those bytes (tailList.ts), and a checkpoint reads the step's and each
// sample's JSON as byte ranges of the line, without serializing anything again.
import type { SampleRecord, StepRecord } from '../../engine/model';
import { CHECK_BYTES } from '../journal/lineCheck';
import { OpCode } from '../journal/op';
import { expandSample, winnerRepeatJson, type CompactSample } from '../journal/sampleJson';
import { isContested } from '../sql/rows';
import type { EncodedSample, EncodedStep } from './segmentFile';

export interface TailEntry {
  id: string;
  index: number;
  status: string;
  /** Kept past the recent window with its samples (sql/rows.ts isContested, or a flagged/rejected sample). */
  keep: boolean;
  /** The journal line, checksum and newline included (journal/lineCheck.ts). */
  line: Buffer;
  /** Byte ranges in `line` of the step's JSON and of its samples' JSON array: [stepStart, stepEnd, xStart, xEnd]. */
  at: number[];
}

/**
 * A sample's journal JSON. One that repeats the step's winning answer leaves its text and key out
 * and says `"w":1` (journal/sampleJson.ts expandSample puts them back): in a clean race every sample repeats the
 * winner, and JSON-escaping those texts again was the largest cost of a record.
 */
function sampleJson(s: SampleRecord, winnerText: string | undefined, winnerKey: string | undefined): string {
  if (winnerText !== undefined && s.key !== undefined && s.text === winnerText && s.key === winnerKey) return winnerRepeatJson(s);
  // The store reads a sample without flags back as flags: [] (sql/rows.ts); keep that exact shape.
  return JSON.stringify(s.flags ? s : { ...s, flags: [] });
}

/** A step's journal line before it is encoded, with what the tail needs to know about it. */
export interface TailLine {
  /** The record's JSON: the tail adds the journal's checksum and newline when it encodes it. */
  text: string;
  /** The line's parts: the record's head, the step's JSON, the samples' JSON array. */
  head: string;
  stepJson: string;
  xJson: string;
  keep: boolean;
}

/** How every such line starts, up to the session id. */
const PW_HEAD = `{"o":"${OpCode.putStepWithSamples}","s":`;

/** The journal record of putStepWithSamples() for a step and its samples, as one line. */
export function tailLine(sessionId: string, step: StepRecord, samples: SampleRecord[]): TailLine {
  const stepJson = JSON.stringify(step);
  const winnerText = step.winnerText;
  const winnerKey = step.metrics.tally?.winner;
  let xJson = '[';
  for (let i = 0; i < samples.length; i++) xJson += (i ? ',' : '') + sampleJson(samples[i], winnerText, winnerKey);
  xJson += ']';
  const head = `${PW_HEAD}${JSON.stringify(sessionId)},"v":`;
  const keep = isContested(step) || samples.some((s) => (s.flags && s.flags.length > 0) || s.rejected === true);
  return { text: `${head}${stepJson},"x":${xJson}}`, head, stepJson, xJson, keep };
}

/** TailEntry.at for a line whose UTF-8 encoding took `bytes` (checksum included): string lengths when it is ASCII (the usual case). */
export function lineRanges(l: TailLine, bytes: number): number[] {
  const len = bytes - CHECK_BYTES === l.text.length ? (t: string) => t.length : (t: string) => Buffer.byteLength(t, 'utf8');
  const a = len(l.head);
  const b = a + len(l.stepJson);
  const c = b + 5; // ,"x":
  return [a, b, c, c + len(l.xJson)];
}

export function entryStep(e: TailEntry): StepRecord {
  return JSON.parse(e.line.toString('utf8', e.at[0], e.at[1])) as StepRecord;
}

export function entrySamples(e: TailEntry, step = entryStep(e)): SampleRecord[] {
  const xs = JSON.parse(e.line.toString('utf8', e.at[2], e.at[3])) as CompactSample[];
  return xs.map((x) => expandSample(x, step.winnerText, step.metrics.tally?.winner));
}

/** A retired entry's records as segments.ts writes them (retention and text caps applied). */
export function encodeRetired(e: TailEntry, keepAllFrom: number, cap: (text: string) => string): { step: EncodedStep & { index: number; status: string }; samples: EncodedSample[] } {
  const step = { id: e.id, json: e.line.subarray(e.at[0], e.at[1]), index: e.index, status: e.status };
  if (e.index < keepAllFrom && !e.keep) return { step, samples: [] };
  const keepAll = e.index >= keepAllFrom;
  return { step, samples: entrySamples(e).map((s) => ({ stepId: e.id, json: JSON.stringify(keepAll ? s : { ...s, text: cap(s.text) }) })) };
}
