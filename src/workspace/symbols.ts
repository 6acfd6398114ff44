// Top-level symbols of a source file for the repository map: declarations directly under the
// file's root (unwrapping `export` and decorators), and the methods of top-level classes one
// level down. Each comes as its name (for ranking: a task naming `parseDate` points at the file
// defining it) and its declaration's first line (for the prompt: a signature says more than a name).
import type { Node, TreeSitterChecker } from './treeSitter';

export interface RepoSymbol {
  name: string;
  /** The declaration's first line, cut before its body. */
  line: string;
  /** 0: top level; 1: a member of a top-level class. */
  depth: 0 | 1;
}

/** Node types that declare something, across the bundled grammars (JS/TS, Python, Go, Rust, Java, C#, Ruby, PHP). */
const DECLARATIONS = new Set([
  'function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration',
  'interface_declaration', 'type_alias_declaration', 'enum_declaration', 'lexical_declaration', 'variable_declaration',
  'function_definition', 'class_definition',
  'method_declaration', 'type_declaration', 'const_declaration', 'var_declaration',
  'function_item', 'struct_item', 'enum_item', 'trait_item', 'impl_item', 'mod_item', 'const_item', 'static_item', 'type_item',
  'record_declaration', 'method', 'class', 'module',
]);
/** Wrappers whose declaration is inside (`export function f`, `@cache def f`). */
const WRAPPERS = new Set(['export_statement', 'decorated_definition']);
const MEMBERS = new Set(['method_definition', 'function_definition', 'function_item', 'method_declaration', 'method', 'public_field_definition']);
const MAX_LINE = 120;
const MAX_MEMBERS = 12;

/** The symbols of `code` in `language`; [] when the file parses to nothing declared. */
export function topLevelSymbols(checker: TreeSitterChecker, language: string, code: string): Promise<RepoSymbol[]> {
  return checker.withTree(language, code, (root) => {
    const out: RepoSymbol[] = [];
    for (const child of root.namedChildren) {
      if (!child) continue;
      const decl = unwrap(child);
      if (decl && !isImport(decl)) collect(decl, child, out);
      else if (language === 'python' || language === 'ruby') assignment(child, out);
    }
    return out;
  });
}

function unwrap(node: Node): Node | undefined {
  if (DECLARATIONS.has(node.type)) return node;
  if (!WRAPPERS.has(node.type)) return undefined;
  const inner = node.childForFieldName('declaration') ?? node.childForFieldName('definition') ?? node.namedChildren.find((c) => c && DECLARATIONS.has(c.type));
  return inner && DECLARATIONS.has(inner.type) ? inner : undefined;
}

/** `const x = require('y')` declares a name, but it is an import: the map lists imports elsewhere (ranking). */
function isImport(decl: Node): boolean {
  return (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') && /=\s*(require\s*\(|await\s+import\s*\()/.test(decl.text);
}

/** `outer` is the statement as written (`export function f`), `decl` the declaration inside it. */
function collect(decl: Node, outer: Node, out: RepoSymbol[]): void {
  out.push({ name: nameOf(decl), line: firstLine(outer.type === 'decorated_definition' ? decl : outer, decl), depth: 0 });
  const body = decl.childForFieldName('body');
  if (!body) return;
  let n = 0;
  for (const m of body.namedChildren) {
    const member = m && (MEMBERS.has(m.type) ? m : m.type === 'decorated_definition' ? m.childForFieldName('definition') : null);
    if (!member || !MEMBERS.has(member.type)) continue;
    if (++n > MAX_MEMBERS) break;
    out.push({ name: nameOf(member), line: firstLine(member, member), depth: 1 });
  }
}

/** Python's module-level `NAME = value` (constants and aliases are part of a module's surface). */
function assignment(node: Node, out: RepoSymbol[]): void {
  if (node.type !== 'expression_statement') return;
  const a = node.namedChildren[0];
  const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
  if (left?.type === 'identifier') out.push({ name: left.text, line: firstLine(node, node), depth: 0 });
}

function nameOf(node: Node): string {
  const direct = node.childForFieldName('name');
  if (direct) return direct.text;
  // `const a = …, b = …` / Go's `type X struct` / Rust's `impl X`: the first declarator's name.
  for (const c of node.namedChildren) {
    const n = c?.childForFieldName('name') ?? (c?.type === 'type_identifier' || c?.type === 'identifier' ? c : null);
    if (n) return n.text;
  }
  return '';
}

/** The first line of `node`, cut where `decl`'s body starts (`class A { m() {} }` → `class A`). */
function firstLine(node: Node, decl: Node): string {
  const body = decl.childForFieldName('body');
  let text = node.text;
  if (body && body.startIndex > node.startIndex) text = text.slice(0, body.startIndex - node.startIndex);
  let line = text.split('\n', 1)[0].trimEnd();
  // Python's `def f():` keeps its colon; a brace left before a body on the next line goes.
  if (line.endsWith('{')) line = line.slice(0, -1).trimEnd();
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}
