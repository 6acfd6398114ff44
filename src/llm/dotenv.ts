// A tiny parser for ~/.env, enough for the files people actually write:
//   KEY=value        export KEY=value      KEY="with spaces # not a comment"
//   KEY='literal $x' # full-line comments  KEY=value # trailing comment
// Double-quoted values understand \n, \t, \" and \\ and may span lines; single-quoted
// values are literal. No variable expansion: a key file should mean exactly what it says.

const LINE_START = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/;

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let pos = 0;
  while (pos < src.length) {
    const lineEnd = endOfLine(src, pos);
    const line = src.slice(pos, lineEnd);
    const head = LINE_START.exec(line);
    if (!head) {
      pos = lineEnd + 1; // blank, comment or junk: skip the line
      continue;
    }
    const valueStart = pos + head[0].length;
    const quote = src[valueStart];
    if (quote === '"' || quote === "'") {
      const close = findClosingQuote(src, valueStart + 1, quote);
      if (close >= 0) {
        const raw = src.slice(valueStart + 1, close);
        out[head[1]] = quote === '"' ? unescapeDouble(raw) : raw;
        pos = endOfLine(src, close) + 1;
        continue;
      }
      // Unterminated quote: fall through and take the rest of the line as written.
    }
    out[head[1]] = stripTrailingComment(src.slice(valueStart, lineEnd)).trim();
    pos = lineEnd + 1;
  }
  return out;
}

function endOfLine(src: string, from: number): number {
  const nl = src.indexOf('\n', from);
  return nl < 0 ? src.length : nl;
}

function findClosingQuote(src: string, from: number, quote: string): number {
  for (let i = from; i < src.length; i++) {
    if (quote === '"' && src[i] === '\\') {
      i++;
      continue;
    }
    if (src[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

/** An unquoted value ends at " #" (a comment needs whitespace before it, so `a#b` stays intact). */
function stripTrailingComment(value: string): string {
  const m = /\s#/.exec(value);
  return m ? value.slice(0, m.index) : value;
}
