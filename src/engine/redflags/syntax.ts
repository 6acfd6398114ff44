// `syntax`: parse errors in the code a sample carries (see codeBlocks for which code, in which
// language). A language with a tree-sitter grammar is parsed behind the SyntaxChecker port (WASM
// loading is I/O); any other language (markdown, json, an exotic one) gets the delimiter check,
// so a configured language never fails as "no grammar". The first failing piece flags the sample.
import { normalizeLanguage } from '../languages';
import type { RedFlagHit } from '../model';
import type { SyntaxChecker } from '../ports';
import { extractCode, type ExtractOptions } from './codeBlocks';
import { checkDelimiters } from './delimiters';
import type { Draft, RedFlagger } from './types';

export class SyntaxFlagger implements RedFlagger {
  readonly name = 'syntax';
  constructor(
    private readonly checker: SyntaxChecker,
    private readonly language: string,
    private readonly opts: ExtractOptions = {},
  ) {}

  async check(d: Draft): Promise<RedFlagHit | null> {
    for (const piece of extractCode(d.text, this.language, this.opts, d.planned)) {
      const grammar = normalizeLanguage(piece.language);
      const error = grammar ? await this.checker.check(grammar, piece.code) : delimiterError(piece.language, piece.code);
      if (error) return { flagger: this.name, reason: `Syntax error in ${piece.label}: ${error}` };
    }
    return null;
  }
}

function delimiterError(language: string, code: string): string | null {
  const problem = checkDelimiters(code, language);
  return problem && `${language} delimiters (no grammar, brackets checked): ${problem}`;
}
