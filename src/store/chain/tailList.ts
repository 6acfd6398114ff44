// One session's held chain steps (tail.ts), packed: the journal lines sit in a few large byte
// slabs, and each step's facts are eight integers in one typed array. A held step is not a JS
// object until a checkpoint asks for it (entries()), so the tens of thousands held between two
// checkpoints give the garbage collector nothing to trace or copy, and no Buffer is allocated per
// step. Measured on the 18-disk chain (262,143 steps), three alternating runs each: 14.2-14.6 s
// of engine wall time, against 15.6-17.4 s with an entry object, a Buffer and an offsets array
// per held step. (Writing a line's parts one by one instead of the joined string was slower:
// 3.9 against 3.1-3.4 µs a step.)
import { CHECK_BYTES, sealLine } from '../journal/lineCheck';
import type { TailEntry } from './tailEntry';

/** Integers per step: slab, offset, length, the 4 JSON ranges (tailEntry.ts `at`), index. */
const STRIDE = 8;
const FIRST_SLAB = 64 * 1024;
const MAX_SLAB = 4 * 1024 * 1024;

/** Status strings by code: a handful of values across the process, so codes stay small. */
const statusCodes = new Map<string, number>();
const statusNames: string[] = [];

function statusCode(status: string): number {
  let c = statusCodes.get(status);
  if (c === undefined) {
    c = statusNames.push(status) - 1;
    statusCodes.set(status, c);
  }
  return c;
}

/** Where encode() put a line: pass it to the journal, then commit() it. */
export interface Staged {
  buf: Buffer;
  off: number;
  len: number;
}

export class TailList {
  private readonly slabs: Buffer[] = [];
  private used = 0;
  private meta = new Int32Array(STRIDE * 256);
  /** Status code (low bits) and keep flag (bit 30) per step. */
  private flags = new Int32Array(256);
  private n = 0;
  /** Ids that are not String(index + 1), the chain flow's own ids. */
  private readonly oddIds = new Map<number, string>();
  private staged: Staged | undefined;

  get length(): number {
    return this.n;
  }

  /** Index of the newest step held; -1 when empty. */
  lastIndex(): number {
    return this.n ? this.meta[(this.n - 1) * STRIDE + 7] : -1;
  }

  /**
   * Writes a record's journal line (its JSON's UTF-8 bytes, then the checksum) into the list's slabs, not yet as a step: the caller journals the
   * returned bytes first and commits only when that succeeded (a failed write leaves no entry).
   */
  encode(text: string): Staged {
    const slab = this.slabFor(text.length * 3 + CHECK_BYTES);
    const json = slab.write(text, this.used, 'utf8');
    // The journal's checksum (journal/lineCheck.ts), computed over the bytes just written.
    return (this.staged = { buf: slab, off: this.used, len: sealLine(slab, this.used, json) });
  }

  /** Makes the line last encoded a held step. `at`: byte ranges of its JSON within the line. */
  commit(id: string, index: number, status: string, keep: boolean, at: readonly number[]): void {
    const s = this.staged;
    if (!s) throw new Error('tail: commit without a staged line');
    this.staged = undefined;
    this.used = s.off + s.len;
    if (this.n * STRIDE === this.meta.length) this.grow();
    const m = this.meta;
    const i = this.n * STRIDE;
    m[i] = this.slabs.length - 1;
    m[i + 1] = s.off;
    m[i + 2] = s.len;
    m[i + 3] = at[0];
    m[i + 4] = at[1];
    m[i + 5] = at[2];
    m[i + 6] = at[3];
    m[i + 7] = index;
    this.flags[this.n] = statusCode(status) | (keep ? 1 << 30 : 0);
    if (id !== String(index + 1)) this.oddIds.set(this.n, id);
    this.n++;
  }

  /** Appends an entry taken from another list (a failed checkpoint puts its steps back). */
  add(e: TailEntry): void {
    this.encodeBytes(e.line);
    this.commit(e.id, e.index, e.status, e.keep, e.at);
  }

  /** The held steps as entries, oldest first; their lines are views of the slabs, not copies. */
  entries(): TailEntry[] {
    const out: TailEntry[] = new Array(this.n);
    const m = this.meta;
    for (let k = 0; k < this.n; k++) {
      const i = k * STRIDE;
      const off = m[i + 1];
      const index = m[i + 7];
      const f = this.flags[k];
      out[k] = {
        id: this.oddIds.get(k) ?? String(index + 1),
        index,
        status: statusNames[f & 0xffff],
        keep: (f & (1 << 30)) !== 0,
        line: this.slabs[m[i]].subarray(off, off + m[i + 2]),
        at: [m[i + 3], m[i + 4], m[i + 5], m[i + 6]],
      };
    }
    return out;
  }

  private encodeBytes(bytes: Uint8Array): void {
    const slab = this.slabFor(bytes.length);
    slab.set(bytes, this.used);
    this.staged = { buf: slab, off: this.used, len: bytes.length };
  }

  /** The slab the next line goes to, with room for `bytes` after `used`: slabs double up to 4 MiB. */
  private slabFor(bytes: number): Buffer {
    let slab = this.slabs[this.slabs.length - 1];
    if (!slab || this.used + bytes > slab.length) {
      // allocUnsafeSlow: a slab of our own, never a slice of Node's shared pool.
      slab = Buffer.allocUnsafeSlow(Math.max(bytes, Math.min(MAX_SLAB, (slab?.length ?? FIRST_SLAB / 2) * 2)));
      this.slabs.push(slab);
      this.used = 0;
    }
    return slab;
  }

  private grow(): void {
    const meta = new Int32Array(this.meta.length * 2);
    meta.set(this.meta);
    this.meta = meta;
    const flags = new Int32Array(this.flags.length * 2);
    flags.set(this.flags);
    this.flags = flags;
  }
}
