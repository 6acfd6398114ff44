// `markdown`: a structure check for report-style answers (the analysis domain). It flags answers
// that are not a document: no heading, too few sections, unbalanced code fences, or too long.
import type { RedFlagHit } from '../model';
import type { Draft, RedFlagger } from './types';

export interface MarkdownRules {
  requireHeading: boolean;
  minSections: number;
  maxChars: number;
}

export class MarkdownFlagger implements RedFlagger {
  readonly name = 'markdown';
  constructor(private readonly rules: MarkdownRules) {}

  check(d: Draft): RedFlagHit | null {
    const text = d.text.trim();
    if (text.length === 0) return this.hit('empty answer');
    const fences = text.match(/^\s*(```|~~~)/gm)?.length ?? 0;
    if (fences % 2 !== 0) return this.hit('unbalanced code fence');
    const headings = withoutCode(text).match(/^#{1,6}\s+\S/gm)?.length ?? 0;
    if (this.rules.requireHeading && headings === 0) return this.hit('no Markdown heading');
    if (headings < this.rules.minSections) return this.hit(`${headings} sections, expected at least ${this.rules.minSections}`);
    if (this.rules.maxChars > 0 && text.length > this.rules.maxChars) return this.hit(`${text.length} characters > ${this.rules.maxChars}`);
    return null;
  }

  private hit(reason: string): RedFlagHit {
    return { flagger: this.name, reason };
  }
}

function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
}
