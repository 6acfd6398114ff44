// Reads YAML keeping positions, so every config error can name file:line:column.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
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
  return { file, doc, lines, data: doc.toJS() };
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
