// Which code in a model's answer the syntax red flag should parse. Pure (no fs, no wasm), so
// the engine can use it beside a SyntaxChecker. Order of preference:
//  1. `<file path="…">` blocks — language from the file extension;
//  2. fenced code blocks — language from the fence tag (untagged fences: the default);
//  3. the whole answer, in the default language (a bare code answer).
import { parseFencedBlocks, parseFileBlocks } from './candidate';
import { languageForPath, normalizeLanguage } from '../engine/languages';

export interface CodeSnippet {
  /** Canonical language, or undefined when it cannot be told (skip it). */
  language: string | undefined;
  code: string;
  /** Where it came from, for the red flag's reason: a path, "fence #2" or "response". */
  source: string;
}

export interface ExtractOptions {
  /** The language configured on the syntax red flagger; used for untagged code. */
  defaultLanguage?: string;
  /** 'whole': parse the whole answer; 'files': only blocks/fences; 'auto' (default): blocks, else fences, else whole. */
  scope?: 'auto' | 'whole' | 'files';
}

/**
 * The snippets to parse. Unknown languages come back with language undefined: a Markdown or
 * JSON file in a Python step is not a Python syntax error. Diff fences are skipped (they are
 * not code in any grammar).
 */
export function extractCodeSnippets(response: string, opts: ExtractOptions = {}): CodeSnippet[] {
  const fallback = normalizeLanguage(opts.defaultLanguage);
  const scope = opts.scope ?? 'auto';
  if (scope === 'whole') return [{ language: fallback, code: response, source: 'response' }];

  const blocks = parseFileBlocks(response);
  if (blocks.ok && blocks.blocks.length > 0) {
    return blocks.blocks.map((b) => ({ language: languageForPath(b.path), code: b.content, source: b.path }));
  }
  const fences = parseFencedBlocks(response);
  if (fences.ok && fences.blocks.length > 0) {
    return fences.blocks
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => !['diff', 'patch', 'udiff'].includes(f.lang))
      .map(({ f, i }) => ({ language: f.lang === '' ? fallback : normalizeLanguage(f.lang), code: f.content, source: `fence #${i + 1}` }));
  }
  if (scope === 'files') return [];
  return [{ language: fallback, code: response, source: 'response' }];
}
