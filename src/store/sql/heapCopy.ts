// Works around a V8 slow path that dominated sql.js's cost. Emscripten's in-memory file system
// (where sql.js keeps the database file) copies every page between the WASM heap, an Int8Array,
// and the file's Uint8Array with TypedArray#set. V8 (Node 20) has no memcpy fast path when the
// element types differ and converts byte by byte: ~90 ns per byte, i.e. most of a step's cost
// (measured: 2.3 s of 3 s for 20k step inserts). Viewing the same bytes as the target's type makes
// it a plain memcpy, and is exactly equivalent (ToUint8/ToInt8 of a byte is the byte itself).
//
// The patch is installed only for the duration of one synchronous sql.js call and removed in a
// `finally`, so no other code (nothing else can run in between) ever observes it.
type SetFn = (this: Uint8Array | Int8Array, src: ArrayLike<number>, offset?: number) => void;

const u8Set = Uint8Array.prototype.set as SetFn;
const i8Set = Int8Array.prototype.set as SetFn;

const fastU8Set: SetFn = function (src, offset) {
  const s = src instanceof Int8Array ? new Uint8Array(src.buffer, src.byteOffset, src.length) : src;
  return u8Set.call(this, s, offset);
};
const fastI8Set: SetFn = function (src, offset) {
  const s = src instanceof Uint8Array ? new Int8Array(src.buffer, src.byteOffset, src.length) : src;
  return i8Set.call(this, s, offset);
};

let depth = 0;

export function withFastHeapCopies<T>(fn: () => T): T {
  if (depth++ === 0) {
    (Uint8Array.prototype as { set: SetFn }).set = fastU8Set;
    (Int8Array.prototype as { set: SetFn }).set = fastI8Set;
  }
  try {
    return fn();
  } finally {
    if (--depth === 0) {
      (Uint8Array.prototype as { set: SetFn }).set = u8Set;
      (Int8Array.prototype as { set: SetFn }).set = i8Set;
    }
  }
}
