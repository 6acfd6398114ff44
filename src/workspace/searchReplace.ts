// Pure parsing of SEARCH/REPLACE answers (the `search_replace` and `auto` appliers). The format:
//
//     <file path="src/big.js">
//     <<<<<<< SEARCH
//     exact lines of the current file
//     =======
//     the lines that replace them
//     >>>>>>> REPLACE
//     </file>
//
// Several blocks may follow each other in one <file> tag, and several tags may name one file;
// they apply in order. The other common form is accepted too: the blocks under a line that is
// just the path (`src/big.js`, **src/big.js**, `File: src/big.js`), with or without a fence
// around them; a block without a path line goes to the previous block's file, else to the first
// path of the step description. Anything between blocks (prose, fence lines) is ignored. A block
// missing its `=======` or `>>>>>>> REPLACE` was cut off (the token limit) or garbled: refused.
import { firstPathToken, parseFileBlocks, pathLineAbove } from './candidate';

export interface SearchReplaceBlock {
  /** Lines of the search text (LF split, no line breaks); empty: create the file. */
  search: string[];
  replace: string[];
}

/** What one file gets from an answer: its whole new content, or SEARCH/REPLACE blocks. */
export type FileEdit = { path: string; kind: 'whole'; content: string } | { path: string; kind: 'search_replace'; blocks: SearchReplaceBlock[] };

export type EditsParse = { ok: true; edits: FileEdit[] } | { ok: false; reason: string };

const SEARCH = /^ {0,3}<{5,9} ?SEARCH\s*$/;
const DIVIDER = /^ {0,3}={5,9}\s*$/;
const REPLACE = /^ {0,3}>{5,9} ?REPLACE\s*$/;

export function hasSearchReplace(text: string): boolean {
  return text.split('\n').some((l) => SEARCH.test(l.replace(/\r$/, '')));
}

/**
 * Every edit of an answer, in order: <file> blocks (whole content, or SEARCH/REPLACE blocks when
 * they hold any), then SEARCH/REPLACE blocks outside the tags. CRLF answers read like LF ones.
 */
export function parseEditAnswer(text: string, stepDescription: string): EditsParse {
  const lf = text.replace(/\r\n?/g, '\n');
  const tagged = parseFileBlocks(lf);
  if (!tagged.ok) return tagged;
  const edits: FileEdit[] = [];
  for (const b of tagged.blocks) {
    if (b.path === '') return { ok: false, reason: '<file> block with an empty path' };
    if (!hasSearchReplace(b.content)) {
      edits.push({ path: b.path, kind: 'whole', content: b.content });
      continue;
    }
    const r = parseBlocks(b.content.split('\n'), () => b.path);
    if (!r.ok) return r;
    edits.push(...r.edits);
  }
  const outside = withoutFileBlocks(lf);
  if (hasSearchReplace(outside)) {
    let last: string | undefined;
    const r = parseBlocks(outside.split('\n'), (lines, at) => (last = pathLineAbove(lines, at) ?? last ?? firstPathToken(stepDescription)));
    if (!r.ok) return r;
    edits.push(...r.edits);
  }
  return { ok: true, edits };
}

/** The answer with its <file …>…</file> blocks cut out (they are parsed on their own). */
function withoutFileBlocks(text: string): string {
  return text.replace(/<file\s[^>]*?\bpath\s*=[^>]*>[\s\S]*?<\/file\s*>/g, '\n');
}

/**
 * The SEARCH/REPLACE blocks in `lines`, each given to the file `pathAt` names for it (undefined:
 * no file can be told). Consecutive blocks for one file become one edit.
 */
function parseBlocks(lines: string[], pathAt: (lines: string[], at: number) => string | undefined): EditsParse {
  const edits: FileEdit[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!SEARCH.test(lines[i])) continue;
    const path = pathAt(lines, i);
    const start = i;
    const search: string[] = [];
    const replace: string[] = [];
    for (i++; i < lines.length && !DIVIDER.test(lines[i]); i++) {
      if (SEARCH.test(lines[i]) || REPLACE.test(lines[i])) return cutOff(path, start, 'its ======= line is missing');
      search.push(lines[i]);
    }
    if (i >= lines.length) return cutOff(path, start, 'it ends before =======');
    for (i++; i < lines.length && !REPLACE.test(lines[i]); i++) {
      if (SEARCH.test(lines[i]) || DIVIDER.test(lines[i])) return cutOff(path, start, 'its >>>>>>> REPLACE line is missing');
      replace.push(lines[i]);
    }
    if (i >= lines.length) return cutOff(path, start, 'it ends before >>>>>>> REPLACE');
    if (path === undefined) return { ok: false, reason: 'a SEARCH/REPLACE block names no file (no <file path> tag or path line above it), and the step description names none' };
    // A search text of blank lines only would match every blank line: it means "nothing", i.e. a new file.
    const block = { search: search.every((l) => l.trim() === '') ? [] : search, replace };
    const prev = edits[edits.length - 1];
    if (prev?.kind === 'search_replace' && prev.path === path) prev.blocks.push(block);
    else edits.push({ path, kind: 'search_replace', blocks: [block] });
  }
  return { ok: true, edits };
}

function cutOff(path: string | undefined, line: number, what: string): { ok: false; reason: string } {
  return { ok: false, reason: `the SEARCH/REPLACE block at answer line ${line + 1}${path ? ` for '${path}'` : ''} is incomplete (${what}): the output looks truncated` };
}
