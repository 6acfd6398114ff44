// The `<file path="…">` block and fence rules of a code answer, in one place: the applier
// (workspace/candidate.ts) writes what they read, and the syntax red flag (redflags/codeBlocks.ts)
// parses the same text, so a block the applier unwraps is never judged with its fence included.
// Pure: no fs, no paths resolved here.
//
// Newline convention inside `<file path="…">…</file>` (decided here, documented in README):
// - The line break right after the opening tag and the one right before the closing tag are
//   formatting of the block, not content. So
//       <file path="a.js">
//       x();
//       </file>
//   yields "x();" and the planner then gives the file its final newline (conformToOriginal in
//   text.ts: added for new files and files that had one, not added for files that had none).
// - Anything beyond those two line breaks is content: a blank line before `</file>` is a blank
//   line at the end of the file (it was clearly intended).
// - A block whose whole content is one fenced code block is unwrapped: models often put a
//   ``` fence inside the tag by habit, and a file that is nothing but a fence is rare.

export interface FileBlock {
  /** The path exactly as the candidate wrote it (trimmed); the planner validates it. */
  path: string;
  content: string;
}

export interface FencedBlock {
  /** The info string's first word, lower-cased ('' when absent). */
  lang: string;
  content: string;
}

export type BlocksResult = { ok: true; blocks: FileBlock[] } | { ok: false; reason: string };

// `<file path="…">`, `<file path='…'>`, and tolerated extra attributes (`<file path="a.py" lang="py">`).
const OPEN_TAG = /<file\s+([^>]*?)\s*>/g;
const PATH_ATTR = /(?:^|\s)path\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const CLOSE_TAG = /<\/file\s*>/g;

/** All `<file path="…">` blocks; refuses an unterminated one, since that is a truncated file. */
export function parseFileBlocks(text: string): BlocksResult {
  const blocks: FileBlock[] = [];
  OPEN_TAG.lastIndex = 0;
  let open: RegExpExecArray | null;
  while ((open = OPEN_TAG.exec(text)) !== null) {
    const attr = PATH_ATTR.exec(open[1]);
    if (!attr) continue; // not one of ours (e.g. prose mentioning a <file> element)
    const path = (attr[1] ?? attr[2] ?? '').trim();
    const start = open.index + open[0].length;
    CLOSE_TAG.lastIndex = start;
    const close = CLOSE_TAG.exec(text);
    const nextOpen = nextOpenTag(text, start);
    if (!close || (nextOpen !== -1 && nextOpen < close.index)) {
      return { ok: false, reason: `unterminated <file path="${path}"> block (no </file>): the output looks truncated` };
    }
    blocks.push({ path, content: unwrapSoleFence(stripBlockNewlines(text.slice(start, close.index))) });
    OPEN_TAG.lastIndex = close.index + close[0].length;
  }
  return { ok: true, blocks };
}

function nextOpenTag(text: string, from: number): number {
  const re = new RegExp(OPEN_TAG.source, 'g');
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (PATH_ATTR.test(m[1])) return m.index;
  return -1;
}

/** Removes the one line break after the opening tag and the one (plus indentation) before the closing tag. */
export function stripBlockNewlines(inner: string): string {
  return inner.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '');
}

function unwrapSoleFence(content: string): string {
  const t = content.trim();
  // Starting and ending with a fence line and holding exactly one block means that block is
  // everything (a last fence line that was not its closer would open an unterminated block).
  if (!/^(`{3,}|~{3,})/.test(t) || !/(`{3,}|~{3,})$/.test(t)) return content;
  const fences = parseFencedBlocks(t);
  return fences.ok && fences.blocks.length === 1 ? fences.blocks[0].content : content;
}

/**
 * Fenced code blocks (``` or ~~~, CommonMark-style: the closing fence uses the same character
 * and is at least as long). Content excludes the fence lines and the line break before the
 * closing fence. An unclosed fence is refused: the output was cut off.
 */
export function parseFencedBlocks(text: string): { ok: true; blocks: FencedBlock[] } | { ok: false; reason: string } {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const closeRe = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*\\r?$`);
    let j = i + 1;
    while (j < lines.length && !closeRe.test(lines[j])) j++;
    if (j >= lines.length) return { ok: false, reason: 'unterminated fenced code block: the output looks truncated' };
    const body = lines.slice(i + 1, j).map((l) => l.replace(/\r$/, '')).join('\n');
    blocks.push({ lang: open[2].toLowerCase(), content: body });
    i = j;
  }
  return { ok: true, blocks };
}
