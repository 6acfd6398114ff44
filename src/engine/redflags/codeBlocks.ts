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
  const files: CodePiece[] = [];
  let blocks = 0;
  for (const m of text.matchAll(/<file\s+path\s*=\s*["']([^"']+)["'][^>]*>\n?([\s\S]*?)<\/file>/g)) {
    blocks++;
    const lang = inferLanguage(m[1]) ?? (opts.extractXml ? configured : undefined);
    if (lang) files.push({ language: lang, code: m[2], label: m[1] });
  }
  if (blocks > 0 || scope === 'files') return files;
  if (opts.extractXml) return whole;
  const fenced: CodePiece[] = [];
  for (const m of text.matchAll(/^```([\w+#-]*)[^\n]*\n([\s\S]*?)^```/gm)) {
    const tag = m[1].toLowerCase();
    if ((tag ? normalizeLanguage(tag) ?? tag : configured) === configured) fenced.push({ language: configured, code: m[2], label: `${tag || configured} block` });
  }
  if (fenced.length > 0) return fenced;
  return /```/.test(text) ? [] : whole;
}
