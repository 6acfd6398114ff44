// The syntax flag's fallback for languages we have no tree-sitter grammar for (the original's
// `analysis` domain configures `language: markdown`): `()`, `[]` and `{}` must nest properly.
// What is skipped, so that ordinary text does not trip it:
//  - prose languages (markdown, text): fenced code blocks (``` or ~~~ lines), inline code spans
//    (`...`), and the `)` of a list marker at the start of a line ("1) ", "a) ", "iv) ");
//    quotes are NOT strings there, since apostrophes are everywhere in prose;
//  - any other language: string literals in "...", '...' (both end at the line's end if
//    unclosed, so a stray apostrophe in a comment costs one line at most) and `...`.
// Comments are not skipped: their syntax differs per language and we do not know it here.
import { isProse } from '../languages';

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const LIST_MARKER = /^[ \t]*(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})\)(?=\s|$)/;

interface Open {
  ch: string;
  line: number;
  col: number;
}

/** The first nesting problem as "line:col ...", or null when every delimiter is balanced. */
export function checkDelimiters(text: string, language: string): string | null {
  const prose = isProse(language);
  const stack: Open[] = [];
  const lines = text.split('\n');
  let fence: string | undefined;
  let quote: string | undefined; // a code string literal still open (only ` spans lines)
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    if (prose) {
      const f = /^\s*(```|~~~)/.exec(line)?.[1];
      if (f && (!fence || f === fence)) {
        fence = fence ? undefined : f;
        continue;
      }
      if (fence) continue;
    }
    let c = prose ? (LIST_MARKER.exec(line)?.[0].length ?? 0) : 0;
    if (quote !== '`') quote = undefined;
    for (; c < line.length; c++) {
      const ch = line[c];
      if (quote) {
        if (ch === '\\') c++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (prose && ch === '`') {
        const run = /^`+/.exec(line.slice(c))![0];
        const end = line.indexOf(run, c + run.length);
        if (end > 0) {
          c = end + run.length - 1;
          continue;
        }
      }
      if (!prose && (ch === '"' || ch === "'" || ch === '`')) {
        quote = ch;
        continue;
      }
      if (OPENERS[ch]) stack.push({ ch, line: l + 1, col: c + 1 });
      else if (CLOSERS[ch]) {
        const open = stack.pop();
        if (!open) return `${l + 1}:${c + 1} unbalanced '${ch}' (nothing is open)`;
        if (open.ch !== CLOSERS[ch]) return `${l + 1}:${c + 1} '${ch}' closes '${open.ch}' opened at ${open.line}:${open.col}`;
      }
    }
  }
  const open = stack.pop();
  return open ? `${open.line}:${open.col} '${open.ch}' is never closed` : null;
}
