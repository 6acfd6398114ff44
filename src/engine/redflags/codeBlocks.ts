// Finds the code in an answer for the syntax flag. A `<file path="…">` block becomes a file in
// the repository, so it is checked in the language its extension names, whichever syntax flagger
// finds it: a broken .py file is broken even if the flagger was configured for rust. Without
// `<file>` blocks: fenced blocks in the flagger's language (an untagged fence counts as it; other
// fences are illustrations), else the whole answer.
//
// extract_xml (the original tool's switch) differs in two places, as the original does: a block
// whose extension says nothing (Makefile, .kt) is checked in the configured language instead of
// skipped, and an answer without blocks is checked whole (fences are not looked for).
//
// When the apply flagger has planned the answer (a code domain with a workspace), the files it
// would write are checked instead, whole, each in the language its extension names.
import { parseFencedBlocks, parseFileBlocks } from '../fileBlocks';
import { inferLanguage, normalizeLanguage } from '../languages';
import type { FileChange } from '../model';

export interface CodePiece {
  language: string;
  code: string;
  label: string;
}

export interface ExtractOptions {
  scope?: 'auto' | 'whole' | 'files';
  extractXml?: boolean;
}

export function extractCode(text: string, language: string, opts: ExtractOptions = {}, planned?: FileChange[]): CodePiece[] {
  const scope = opts.scope ?? 'auto';
  const configured = normalizeLanguage(language) ?? language.trim().toLowerCase();
  const whole = [{ language: configured, code: text, label: 'answer' }];
  if (scope === 'whole') return whole;
  // A planned change is checked as the files it writes: the answer's blocks may be SEARCH/REPLACE
  // fragments, which parse only in place.
  if (planned) return planned.flatMap((f) => {
    const lang = f.after === null ? undefined : inferLanguage(f.path) ?? (opts.extractXml ? configured : undefined);
    return lang ? [{ language: lang, code: f.after!, label: f.path }] : [];
  });
  // The applier's own reading of the answer (fileBlocks.ts): a fence inside a <file> block is
  // unwrapped here exactly as it is before writing. A truncated block is left to the apply flag.
  const tagged = parseFileBlocks(text);
  const blocks = tagged.ok ? tagged.blocks : [];
  if (blocks.length > 0 || scope === 'files') return blocks.flatMap((b) => {
    const lang = inferLanguage(b.path) ?? (opts.extractXml ? configured : undefined);
    return lang ? [{ language: lang, code: b.content, label: b.path }] : [];
  });
  if (opts.extractXml) return whole;
  const fences = parseFencedBlocks(text);
  const fenced: CodePiece[] = (fences.ok ? fences.blocks : []).flatMap((f) => {
    const tag = f.lang;
    return (tag ? normalizeLanguage(tag) ?? tag : configured) === configured ? [{ language: configured, code: f.content, label: `${tag || configured} block` }] : [];
  });
  if (fenced.length > 0) return fenced;
  return /```/.test(text) ? [] : whole;
}
