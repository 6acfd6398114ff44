// Pure application of SEARCH/REPLACE blocks to one file's text. Each block must find its search
// text exactly once; the blocks apply in order, each to the text the previous ones left.
//
// How a search text is found (decided here, documented in README):
// 1. Line by line, ignoring trailing whitespace (models drop it when they copy a line). One
//    match: replaced. More than one: refused (the block is ambiguous; quote more lines).
// 2. Only when 1 finds nothing: line by line ignoring leading whitespace too. The one match found
//    must differ from the search text by one consistent indentation change: the search text's
//    indentation prefix S (that of its first non-blank line) stands for the file's prefix F on
//    every non-blank line (line = S + rest in the search, F + rest in the file). The replacement
//    is then re-indented the same way (S + rest becomes F + rest); a replacement line that does
//    not start with S cannot be moved and refuses the block. Two or more matches: refused.
// Blank lines match blank or whitespace-only lines. Matching runs on LF text; the result gets
// the file's own line endings, final newline and BOM back (conformToOriginal).
import type { SearchReplaceBlock } from './searchReplace';
import { conformToOriginal, toLf } from './text';

export type SearchReplaceResult = { ok: true; after: string } | { ok: false; reason: string };

/** Applies `blocks` to `before` (null: the file does not exist, and the first block must create it). */
export function applySearchReplace(path: string, before: string | null, blocks: SearchReplaceBlock[]): SearchReplaceResult {
  let lines: string[] | null = before === null ? null : toLines(toLf(before.replace(/^\uFEFF/, '')));
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const where = `'${path}', SEARCH/REPLACE block ${b + 1}`;
    if (block.search.length === 0) {
      if (lines !== null && lines.some((l) => l.trim() !== '')) {
        return { ok: false, reason: `${where}: the search text is empty, which creates a file, but '${path}' exists: quote the lines to replace` };
      }
      lines = [...block.replace];
      continue;
    }
    if (lines === null) return { ok: false, reason: `${where}: '${path}' does not exist; to create it, leave the search text empty` };
    const r = replaceOnce(lines, block);
    if (typeof r === 'string') return { ok: false, reason: `${where}: ${r}` };
    lines = r;
  }
  if (lines === null) return { ok: false, reason: `'${path}': no SEARCH/REPLACE blocks` };
  const text = lines.join('\n');
  // A file that had a final newline keeps it (conformToOriginal); one that had none gets none.
  return { ok: true, after: conformToOriginal(text, before) };
}

/** A file's lines without the final newline's empty tail ('' has no lines). */
function toLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** The file's lines with the block applied, or why it cannot be. */
function replaceOnce(lines: string[], block: SearchReplaceBlock): string[] | string {
  const { search } = block;
  const exact = matches(lines, search, (a, b) => a.trimEnd() === b.trimEnd());
  if (exact.length > 1) return `the search text matches ${exact.length} times (lines ${exact.map((i) => i + 1).join(', ')}); quote more lines so it matches once`;
  if (exact.length === 1) return splice(lines, exact[0], search.length, block.replace);
  const loose = matches(lines, search, (a, b) => a.trim() === b.trim());
  if (loose.length === 0) return 'the search text matches nothing in the file (it must be copied exactly from the current file)';
  if (loose.length > 1) return `the search text matches ${loose.length} times when indentation is ignored (lines ${loose.map((i) => i + 1).join(', ')}); quote more lines so it matches once`;
  const at = loose[0];
  const shift = indentShift(lines.slice(at, at + search.length), search);
  if (!shift) return `the search text matches line ${at + 1} only with indentation that differs line by line; copy it exactly`;
  const moved: string[] = [];
  for (let i = 0; i < block.replace.length; i++) {
    const line = block.replace[i];
    if (line.trim() === '') moved.push('');
    else if (line.startsWith(shift.from)) moved.push(shift.to + line.slice(shift.from.length));
    else return `the search text matches line ${at + 1} with different indentation, and replacement line ${i + 1} is indented less than the search text, so it cannot be re-indented`;
  }
  return splice(lines, at, search.length, moved);
}

function matches(lines: string[], search: string[], same: (a: string, b: string) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i + search.length <= lines.length; i++) {
    let j = 0;
    while (j < search.length && same(lines[i + j], search[j])) j++;
    if (j === search.length) out.push(i);
  }
  return out;
}

function splice(lines: string[], at: number, count: number, replacement: string[]): string[] {
  return [...lines.slice(0, at), ...replacement, ...lines.slice(at + count)];
}

const lead = (s: string) => /^[ \t]*/.exec(s)![0];

/** The one indentation change (search prefix `from` → file prefix `to`) that maps every non-blank search line onto the file's, if there is one. */
function indentShift(fileLines: string[], search: string[]): { from: string; to: string } | undefined {
  const first = search.findIndex((l) => l.trim() !== '');
  if (first === -1) return undefined;
  const from = lead(search[first]);
  const to = lead(fileLines[first]);
  for (let j = 0; j < search.length; j++) {
    if (search[j].trim() === '') continue;
    if (!search[j].startsWith(from)) return undefined;
    if (fileLines[j].trimEnd() !== to + search[j].slice(from.length).trimEnd()) return undefined;
  }
  return { from, to };
}
