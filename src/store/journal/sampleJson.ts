// The journal JSON of a sample that repeats its step's winning answer (chain/tailEntry.ts): the sample
// without its text and key, plus `"w":1`. A chain run journals three of these per step, and
// spreading each record into a new object to drop two members, then JSON.stringify-ing it, cost
// more than the rest of the record. For the engine's own SampleRecord shape (these members, in
// this order, plain values) the JSON is written directly; anything else takes the generic way.
// expandSample reads it back; both live here so the compact form has one owner.
import type { SampleRecord } from '../../engine/model';

const MEMBERS = ['stepId', 'role', 'seq', 'text', 'key', 'flags', 'rejected', 'tokensIn', 'tokensOut', 'finish', 'temperature', 'latencyMs', 'model'] as const;

/** JSON.stringify of a finite number is its String(); the engine never records others (they would be null). */
const num = (n: unknown): string | undefined => (typeof n === 'number' && Number.isFinite(n) ? String(n) : undefined);

export function winnerRepeatJson(s: SampleRecord): string {
  return fastJson(s) ?? JSON.stringify({ ...s, flags: s.flags ?? [], text: undefined, key: undefined, w: 1 }); // undefined members are left out
}

/**
 * JSON.stringify of a string, remembering the last one per member: a step's samples share their
 * step id, and a run's share role, finish reason and model, so nearly every call is a hit.
 */
class StringJson {
  private last: string | undefined;
  private json = '';

  of(s: string): string {
    if (s !== this.last) {
      this.last = s;
      this.json = JSON.stringify(s);
    }
    return this.json;
  }
}
const stepIds = new StringJson();
const roles = new StringJson();
const finishes = new StringJson();
const models = new StringJson();

function fastJson(s: SampleRecord): string | undefined {
  let i = 0;
  for (const k in s) if (k !== MEMBERS[i++]) return undefined;
  if (i !== MEMBERS.length) return undefined;
  const { stepId, role, finish, model, flags, rejected } = s;
  if (typeof stepId !== 'string' || typeof role !== 'string' || typeof finish !== 'string' || typeof model !== 'string') return undefined;
  if (typeof rejected !== 'boolean' || !Array.isArray(flags)) return undefined;
  const seq = num(s.seq);
  const tokensIn = num(s.tokensIn);
  const tokensOut = num(s.tokensOut);
  const temperature = num(s.temperature);
  const latencyMs = num(s.latencyMs);
  if (seq === undefined || tokensIn === undefined || tokensOut === undefined || temperature === undefined || latencyMs === undefined) return undefined;
  return (
    `{"stepId":${stepIds.of(stepId)},"role":${roles.of(role)},"seq":${seq},"flags":${flags.length ? JSON.stringify(flags) : '[]'},` +
    `"rejected":${rejected},"tokensIn":${tokensIn},"tokensOut":${tokensOut},"finish":${finishes.of(finish)},"temperature":${temperature},` +
    `"latencyMs":${latencyMs},"model":${models.of(model)},"w":1}`
  );
}

/** A sample as a 'pw' record may carry it: `w: 1` stands for the step's winning text and key (chain/tailEntry.ts). */
export type CompactSample = SampleRecord | (Omit<SampleRecord, 'text' | 'key'> & { w: 1 });

export function expandSample(s: CompactSample, winnerText: string | undefined, winnerKey: string | undefined): SampleRecord {
  if (!('w' in s) || 'text' in s) return s as SampleRecord;
  const { w: _w, ...rest } = s;
  return { ...rest, text: winnerText ?? '', key: winnerKey };
}
