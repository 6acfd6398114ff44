// The checksum every journal line carries, so a line damaged on disk (overwritten bytes, a lost
// newline joining two records) is refused and reported instead of being applied or silently
// skipped. A line is `<record JSON>\t<crc32 of the JSON's UTF-8 bytes, 8 lowercase hex>\n`.
// JSON.stringify never writes a raw tab, so the separator is unambiguous; a line that ends in `}`
// is an older journal's record without a checksum, and still replays as before.
//
// The CRC is zlib's (native, engines.node >= 20.19 has it), over the bytes the writer already
// holds: a chain step's line is checksummed in its slab (chain/tailList.ts), with no copy.
import * as zlib from 'node:zlib';

/** Bytes a checksum adds to a line: tab, 8 hex digits, newline. */
export const CHECK_BYTES = 10;

const TAB = 0x09;
const NEWLINE = 0x0a;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

function crcOf(buf: Uint8Array, off: number, len: number): number {
  return zlib.crc32(new Uint8Array(buf.buffer, buf.byteOffset + off, len));
}

/**
 * Writes the checksum suffix after the record JSON at `buf[off, off + len)`; the caller left
 * CHECK_BYTES of room. Returns the whole line's length.
 */
export function sealLine(buf: Uint8Array, off: number, len: number): number {
  let crc = crcOf(buf, off, len);
  let p = off + len;
  buf[p] = TAB;
  for (let i = 8; i >= 1; i--) {
    buf[p + i] = HEX[crc & 15];
    crc >>>= 4;
  }
  p += 9;
  buf[p] = NEWLINE;
  return len + CHECK_BYTES;
}

/** A whole journal line for this record JSON, as bytes (the generic write path). */
export function lineBytes(json: string): Buffer {
  const len = Buffer.byteLength(json, 'utf8');
  const buf = Buffer.allocUnsafe(len + CHECK_BYTES);
  buf.write(json, 0, 'utf8');
  sealLine(buf, 0, len);
  return buf;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  return -1;
}

/**
 * The record JSON of the line `buf[start, end)` (newline excluded), or why it is refused: a
 * checksum that does not match, or a suffix that is not one.
 */
export function openLine(buf: Buffer, start: number, end: number): { json: string } | { error: string } {
  const len = end - start;
  if (len < CHECK_BYTES - 1 || buf[end - 9] !== TAB) {
    // An older journal's line: no checksum, only JSON.parse will tell.
    return { json: buf.toString('utf8', start, end) };
  }
  let want = 0;
  for (let i = end - 8; i < end; i++) {
    const v = hexValue(buf[i]);
    if (v < 0) return { error: 'its checksum is not hexadecimal' };
    want = want * 16 + v;
  }
  const got = crcOf(buf, start, len - 9);
  if (got !== want) return { error: 'checksum mismatch' };
  return { json: buf.toString('utf8', start, end - 9) };
}

const OP_NAMES: Record<string, string> = {
  cs: 'the creation of session',
  us: 'an update of session',
  ps: 'a step of session',
  pw: 'a step (with its samples) of session',
  ds: 'a deletion of steps of session',
  as: 'samples of session',
  rj: 'a rejected sample of session',
};

/** What a damaged line seems to have held, from whatever fields survived. */
export interface DamagedRecord {
  /** 1-based line number in its file. */
  line: number;
  why: string;
  session?: string;
  /** A step's index, when the line held one. */
  index?: number;
  /** In words, for the warning: "a step (with its samples) of session S, step index 90". */
  held?: string;
}

export function describeDamaged(text: string, line: number, why: string): DamagedRecord {
  const op = /"o":"([a-z]{2})"/.exec(text)?.[1];
  const session = /"(?:s|id)":"([^"\\]{1,80})"/.exec(text)?.[1];
  const index = /"index":(\d+)/.exec(text)?.[1];
  const out: DamagedRecord = { line, why, session };
  if (index !== undefined) out.index = Number(index);
  if (op || session) out.held = `${(op && OP_NAMES[op]) ?? 'a record of session'} ${session ?? '(unknown)'}${index !== undefined ? `, step index ${index}` : ''}`;
  return out;
}
