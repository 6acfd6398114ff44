// Reads YAML keeping positions, so every config error can name file:line:column.
import { isAlias, isMap, isNode, isPair, isSeq, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import { ConfigError } from './errors';

export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export function parseYaml(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${err.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml package says what went wrong with an alias but not where: find the alias.
    const { alias, reason } = blameAlias(doc) ?? { alias: undefined, reason: (e as Error).message };
    const pos = lines.linePos(alias?.range?.[0] ?? 0);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${reason}`);
  }
  return { file, doc, lines, data };
}

/**
 * The yaml package's own guard against billion-laughs documents (nested aliases that expand
 * exponentially): its default, stated here because a config has no business needing more.
 */
const MAX_ALIAS_COUNT = 100;

/** The alias that has no anchor, else the one that expands most (the top of an alias bomb). */
function blameAlias(doc: Document): { alias: Alias; reason: string } | undefined {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  const unresolved = aliases.find((a) => a.resolve(doc) === undefined);
  if (unresolved) return { alias: unresolved, reason: `alias *${unresolved.source} has no anchor &${unresolved.source} before it` };
  const sizes = new Map<unknown, number>();
  const size = (node: unknown): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a recursive alias counts once
    let n = 1;
    if (isAlias(node)) n = size(node.resolve(doc));
    else if (isMap(node) || isSeq(node)) for (const item of node.items) n += isPair(item) ? size(item.key) + size(item.value) : size(item);
    n = Math.min(n, Number.MAX_SAFE_INTEGER);
    sizes.set(node, n);
    return n;
  };
  let worst: Alias | undefined;
  for (const a of aliases) if (!worst || size(a) > size(worst)) worst = a;
  return worst && { alias: worst, reason: `alias *${worst.source} expands to ${size(worst)} nodes, more aliasing than a config may use (a billion-laughs document?)` };
}

/** file:line:col of the deepest node that exists along a path (a missing key points at its parent). */
export function locate(src: YamlSource, path: (string | number)[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = src.lines.linePos(node.range[0]);
      return `${src.file}:${pos.line}:${pos.col}`;
    }
  }
  return `${src.file}:1:1`;
}
