// Pure parsing of a solver candidate into whole-file contents for the `overwrite_file`
// applier. No fs here: the planner resolves paths and reads files afterwards.
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

export type OverwriteParse =
  | { ok: true; files: FileBlock[]; source: 'blocks' | 'fallback' }
  | { ok: false; reason: string };

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

const PATH_TOKEN = /^(?:[\w.@+-]+\/)*[\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9_+-]{0,9}$/;

/**
 * The original tool's fallback target: the first path-like token of the step description.
 * A token with a directory part wins over a bare file name ("Fix Node.js rounding in
 * src/math.js" targets src/math.js); bare names need a stem or extension longer than one
 * character, so "e.g." and "i.e." are not files. A test file comes last: a step that names the
 * failing test beside the code ("Fix chunks.py; tests/test_chunks.py fails") edits the code,
 * and an answer with no path of its own is the code being fixed, not the test that checks it.
 */
export function firstPathToken(description: string): string | undefined {
  const tokens = pathTokens(description).filter((t) => t.includes('/') || isFileName(t));
  const code = tokens.filter((t) => !isTestPath(t));
  return code.find((t) => t.includes('/')) ?? code[0] ?? tokens.find((t) => t.includes('/')) ?? tokens[0];
}

function isFileName(token: string): boolean {
  const dot = token.lastIndexOf('.');
  return dot >= 2 || token.length - dot - 1 >= 2;
}

/** A test file by the usual layouts: a tests/test/spec/__tests__ folder, test_x.py, x_test.go, x.test.js, x.spec.ts. */
export function isTestPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /(^|\/)(tests?|spec|__tests__)\//.test(path) || /^test_|_test\.|\.(test|spec)\./.test(name);
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The path on the line above line `at` (skipping blank lines and a fence's opening line), when
 * that line is nothing but a path with some decoration: `src/a.js`, **src/a.js**, ### src/a.js,
 * File: src/a.js, src/a.js:. Models that drop the <file> tag name the file this way.
 */
export function pathLineAbove(lines: string[], at: number): string | undefined {
  let i = at - 1;
  while (i >= 0 && (lines[i].trim() === '' || FENCE_LINE.test(lines[i]))) i--;
  if (i < 0) return undefined;
  const bare = lines[i]
    .trim()
    .replace(/^#+\s*/, '')
    .replace(/^(?:[-*]\s+)?(?:\*\*|__)?(?:file|path|filename)\s*:\s*/i, '')
    .replace(/^[*_`'"]+|[*_`'":]+$/g, '');
  if (/\s/.test(bare)) return undefined;
  const tokens = pathTokens(bare);
  return tokens.length === 1 && tokens[0] === bare.replace(/^\.\//, '') ? tokens[0] : undefined;
}

/** Every path-like token in a text, in order (quotes, brackets and trailing punctuation stripped). */
export function pathTokens(text: string): string[] {
  return text
    .split(/\s+/)
    .map((t) => t.replace(/^[`'"(\[{<]+/, '').replace(/[`'")\]}>,;:!?.]+$/, '').replace(/^\.\//, ''))
    .filter((t) => PATH_TOKEN.test(t) && !t.includes('//') && !t.includes('..'));
}

/**
 * What an `overwrite_file` candidate wants written: its file blocks, or (no blocks at all)
 * the first fenced code block written to the path named on the line above it, else to the
 * step description's path (firstPathToken).
 */
export function parseOverwriteCandidate(text: string, stepDescription: string): OverwriteParse {
  const parsed = parseFileBlocks(text);
  if (!parsed.ok) return parsed;
  if (parsed.blocks.length > 0) {
    const empty = parsed.blocks.find((b) => b.path === '');
    if (empty) return { ok: false, reason: '<file> block with an empty path' };
    return { ok: true, files: parsed.blocks, source: 'blocks' };
  }
  const fences = parseFencedBlocks(text);
  if (!fences.ok) return fences;
  if (fences.blocks.length === 0) {
    return { ok: false, reason: 'no <file path="…"> blocks and no fenced code block in the candidate' };
  }
  // The answer's own word first: a path line right above its first fence ("`chunks.py`:").
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fenceAt = lines.findIndex((l) => FENCE_LINE.test(l));
  const path = pathLineAbove(lines, fenceAt) ?? firstPathToken(stepDescription);
  if (!path) {
    return { ok: false, reason: 'no <file path="…"> blocks, and the step description names no file for the fenced code block' };
  }
  return { ok: true, files: [{ path, content: fences.blocks[0].content }], source: 'fallback' };
}
