// `syntax`: tree-sitter parse errors in the code a sample carries (its <file> blocks or fenced
// blocks, or the whole answer). Parsing happens behind the SyntaxChecker port (WASM loading is I/O).
import type { RedFlagHit } from '../model';
import type { SyntaxChecker } from '../ports';
import { extractCode } from './codeBlocks';
import type { Draft, RedFlagger } from './types';

export class SyntaxFlagger implements RedFlagger {
  readonly name = 'syntax';
  constructor(
    private readonly checker: SyntaxChecker,
    private readonly language: string,
    private readonly scope: 'auto' | 'whole' | 'files' = 'auto',
  ) {}

  async check(d: Draft): Promise<RedFlagHit | null> {
    const pieces = extractCode(d.text, this.language, this.scope);
    for (const piece of pieces) {
      const error = await this.checker.check(piece.language, piece.code);
      if (error) return { flagger: this.name, reason: `${piece.label}: ${error}` };
    }
    return null;
  }
}
