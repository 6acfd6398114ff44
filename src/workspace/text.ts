// Pure text conventions: line endings, final newline, BOM, "is this text?". The appliers use
// these so that an LLM's LF-only, BOM-less output lands in a file without changing its style:
// a CRLF file stays CRLF, a file without a final newline keeps none, a BOM stays.

export type Eol = 'lf' | 'crlf';

const BOM = '\uFEFF';

/** The line-ending style a text uses: CRLF if most of its line breaks are CRLF, else LF. */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? 'crlf' : 'lf';
}

/** True when every line break is CRLF (and there is at least one). */
export function isPureCrlf(text: string): boolean {
  return /\r\n/.test(text) && !/(^|[^\r])\n/.test(text);
}

export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function toCrlf(text: string): string {
  return toLf(text).replace(/\n/g, '\r\n');
}

/**
 * Makes a whole-file replacement follow the original file's conventions. `content` is what
 * the candidate wrote, with the block's own formatting newlines already removed (see
 * candidate.ts). `before` is the current file, or null for a new file.
 * - final newline: kept/added when the original had one or the file is new (POSIX text files
 *   end with one); not added when the original deliberately had none;
 * - line endings: the original's majority style; a new file keeps what the candidate wrote;
 * - BOM: kept when the original started with one.
 */
export function conformToOriginal(content: string, before: string | null): string {
  let body = content.startsWith(BOM) ? content.slice(1) : content;
  // An empty existing file is treated like a new one: it has no convention to keep.
  const wantsFinalNewline = before === null || before === '' || /\n$/.test(before);
  if (wantsFinalNewline && body !== '' && !body.endsWith('\n')) body += '\n';
  if (before === null) return content.startsWith(BOM) ? BOM + body : body;
  body = detectEol(before) === 'crlf' ? toCrlf(body) : toLf(body);
  return before.startsWith(BOM) ? BOM + body : body;
}

/**
 * Why `bytes` cannot be edited as text, or null when they can. Text means: no NUL byte and
 * valid UTF-8 that survives a decode/encode round trip, which is what lets rollback restore
 * the `before` string byte for byte.
 */
export function nonTextReason(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return 'binary file (contains NUL bytes)';
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!Buffer.from(buf.toString('utf8'), 'utf8').equals(buf)) return 'not UTF-8 text';
  return null;
}

/** Why a string cannot be written as a text file, or null. */
export function nonTextContentReason(text: string): string | null {
  if (text.includes('\0')) return 'binary content (contains NUL characters)';
  // Lone surrogates would be replaced on encoding, so the bytes would not be what was planned.
  if (Buffer.from(text, 'utf8').toString('utf8') !== text) return 'content is not valid Unicode text';
  return null;
}
