// The store's write operations as data. Every write call becomes one Op: it is applied to the
// in-memory DB (opApplier.ts) and appended to the journal; replaying the journal applies the very
// same Ops, so live writes, crash recovery and cross-process merges share one code path. Every Op
// is an idempotent upsert/delete/update, so replaying one twice leaves the same rows.
import type { AgentRole, SampleRecord, SessionRecord, StepRecord } from '../../engine/model';
import type { SessionPatch } from '../../engine/ports';
import type { CompactSample } from './sampleJson';

/**
 * The operation codes by name. The values are what the journal holds on disk (two letters, since
 * a million-step chain journals a million of them): never change one, or old journals stop replaying.
 */
export const OpCode = {
  createSession: 'cs',
  updateSession: 'us',
  putStep: 'ps',
  /** A step with the samples drawn for it (putStepWithSamples): the same as addSamples then putStep. */
  putStepWithSamples: 'pw',
  deleteSteps: 'ds',
  addSamples: 'as',
  rejectSample: 'rj',
  /** An unreadable segment file was moved aside: forget its row and note the loss on the session. */
  dropSegment: 'dg',
  /** A session deleted by a person: its rows, and (after the checkpoint) its segment files. */
  deleteSession: 'dx',
} as const;

export type Op =
  | { o: typeof OpCode.createSession; v: SessionRecord }
  | { o: typeof OpCode.updateSession; id: string; p: SessionPatch }
  | { o: typeof OpCode.putStep; s: string; v: StepRecord }
  | { o: typeof OpCode.putStepWithSamples; s: string; v: StepRecord; x: CompactSample[] }
  | { o: typeof OpCode.deleteSteps; s: string; ids: string[] }
  | { o: typeof OpCode.addSamples; s: string; v: SampleRecord[] }
  | { o: typeof OpCode.rejectSample; s: string; st: string; r: AgentRole; q: number }
  | { o: typeof OpCode.dropSegment; s: string; q: number; n: string }
  | { o: typeof OpCode.deleteSession; s: string };

export function opSession(op: Op): string {
  return op.o === OpCode.createSession ? op.v.id : op.o === OpCode.updateSession ? op.id : op.s;
}
