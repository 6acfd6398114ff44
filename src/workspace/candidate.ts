// Pure parsing of a solver candidate into whole-file contents for the `overwrite_file`
// applier. No fs here: the planner resolves paths and reads files afterwards. The block and
// fence rules themselves live in engine/fileBlocks.ts (the syntax red flag reads them too).
import { parseFencedBlocks, parseFileBlocks, type FileBlock } from '../engine/fileBlocks';

export { parseFencedBlocks, parseFileBlocks, type BlocksResult, type FencedBlock, type FileBlock } from '../engine/fileBlocks';

export type OverwriteParse =
  | { ok: true; files: FileBlock[]; source: 'blocks' | 'fallback' }
  | { ok: false; reason: string };

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
