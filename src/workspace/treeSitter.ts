// SyntaxChecker on web-tree-sitter 0.25 with the grammars from @vscode/tree-sitter-wasm
// (checked: all 16 of its grammars, ABI 14 and 15, load in web-tree-sitter 0.25.10's runtime,
// so we do not need the runtime that ships inside that package).
//
// Wasm files are found in the bundle first (esbuild.mjs copies tree-sitter.wasm to dist/ and
// the grammars to dist/grammars/), then in node_modules (tests, unbundled runs). The runtime
// is initialised once per process; each grammar loads lazily on first use.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
// `import = require` on purpose: it makes bundlers pick the package's CommonJS build. With an
// ES import, esbuild takes the ESM build, whose `import.meta.url` is empty in our CJS bundle
// and breaks Parser.init.
import TreeSitter = require('web-tree-sitter');
import type { SyntaxChecker } from '../engine/ports';
import { GRAMMAR_FILES, normalizeLanguage } from '../engine/languages';

type Parser = TreeSitter.Parser;
export type Node = TreeSitter.Node;
type Tree = TreeSitter.Tree;
const { Language, Parser } = TreeSitter;

export interface TreeSitterPaths {
  /** Path of web-tree-sitter's tree-sitter.wasm. */
  runtimeWasm: string;
  /** Folder holding tree-sitter-<lang>.wasm grammars. */
  grammarDir: string;
}

function tryResolve(id: string): string | undefined {
  try {
    return require.resolve(id);
  } catch {
    return undefined;
  }
}

/** Where the wasm files are: beside the bundle if they are there, else in node_modules. */
export function locateTreeSitterWasm(): TreeSitterPaths {
  const bundled = { runtimeWasm: path.join(__dirname, 'tree-sitter.wasm'), grammarDir: path.join(__dirname, 'grammars') };
  if (existsSync(bundled.runtimeWasm) && existsSync(bundled.grammarDir)) return bundled;
  const runtime = tryResolve('web-tree-sitter/tree-sitter.wasm');
  const grammarsMain = tryResolve('@vscode/tree-sitter-wasm'); // its main is wasm/tree-sitter.js
  if (!runtime || !grammarsMain) {
    throw new Error('tree-sitter wasm files not found: neither beside the bundle nor in node_modules (web-tree-sitter, @vscode/tree-sitter-wasm)');
  }
  return { runtimeWasm: runtime, grammarDir: path.dirname(grammarsMain) };
}

let runtimeReady: Promise<void> | undefined;

function initRuntime(runtimeWasm: string): Promise<void> {
  if (!runtimeReady) {
    // Only locateFile matters here; the Emscripten module type lists every hook as required.
    const moduleOptions = { locateFile: () => runtimeWasm } as unknown as Parameters<typeof Parser.init>[0];
    runtimeReady = Parser.init(moduleOptions).catch((e: unknown) => {
      runtimeReady = undefined; // let a later call retry (e.g. after the file appears)
      throw new Error(`cannot initialise tree-sitter from ${runtimeWasm}: ${(e as Error).message}`);
    });
  }
  return runtimeReady;
}

const MAX_REPORTED = 3;

interface SyntaxProblem {
  row: number;
  column: number;
  what: string;
}

function snippet(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

function describe(node: Node, codeLength: number): string {
  if (node.isMissing) return `missing \`${node.type}\``;
  const end = `${node.endPosition.row + 1}:${node.endPosition.column + 1}`;
  // An ERROR that runs to the end of the input usually means something was never closed.
  const atEnd = node.endIndex >= codeLength ? ', unexpected end of input' : '';
  const text = node.text.trim();
  return text === '' ? `unexpected end of input` : `cannot parse \`${snippet(text)}\` (to ${end}${atEnd})`;
}

/**
 * The first ERROR/MISSING nodes in document order. An ERROR that contains a more specific
 * error is descended into (the inner one says where it went wrong); otherwise it is reported
 * with its extent.
 */
function findProblems(tree: Tree, codeLength: number): { problems: SyntaxProblem[]; more: boolean } {
  const problems: SyntaxProblem[] = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      const node: Node = cursor.currentNode;
      let descend = false;
      const report = node.isMissing || (node.isError && !node.children.some((c) => c?.hasError));
      if (report) {
        if (problems.length === MAX_REPORTED) return { problems, more: true };
        problems.push({ row: node.startPosition.row, column: node.startPosition.column, what: describe(node, codeLength) });
      } else if (node.hasError) {
        descend = true;
      }
      if (descend && cursor.gotoFirstChild()) continue;
      let moved = cursor.gotoNextSibling();
      while (!moved) {
        if (!cursor.gotoParent()) return { problems, more: false };
        moved = cursor.gotoNextSibling();
      }
    }
  } finally {
    cursor.delete();
  }
}

export class TreeSitterChecker implements SyntaxChecker {
  private readonly parsers = new Map<string, Promise<Parser>>();
  private paths: TreeSitterPaths | undefined;

  /** `paths` overrides the lookup (e.g. the extension passing its own dist folder). */
  constructor(paths?: TreeSitterPaths) {
    this.paths = paths;
  }

  private where(): TreeSitterPaths {
    this.paths ??= locateTreeSitterWasm();
    return this.paths;
  }

  languages(): string[] {
    const dir = this.where().grammarDir;
    return Object.keys(GRAMMAR_FILES).filter((l) => existsSync(path.join(dir, GRAMMAR_FILES[l])));
  }

  private parserFor(language: string): Promise<Parser> {
    let p = this.parsers.get(language);
    if (!p) {
      const { runtimeWasm, grammarDir } = this.where();
      p = (async () => {
        await initRuntime(runtimeWasm);
        const lang = await Language.load(path.join(grammarDir, GRAMMAR_FILES[language]));
        const parser = new Parser();
        parser.setLanguage(lang);
        return parser;
      })();
      // A failed load is not cached: the caller reports it (the flagger must not silently pass).
      p.catch(() => this.parsers.delete(language));
      this.parsers.set(language, p);
    }
    return p;
  }

  async check(language: string, code: string): Promise<string | null> {
    const lang = normalizeLanguage(language);
    if (!lang) throw new Error(`no tree-sitter grammar for language '${language}' (known: ${Object.keys(GRAMMAR_FILES).join(', ')})`);
    const parser = await this.parserFor(lang);
    const tree = parser.parse(code);
    if (!tree) throw new Error(`tree-sitter could not parse the ${lang} code`);
    try {
      if (!tree.rootNode.hasError) return null;
      const { problems, more } = findProblems(tree, code.trimEnd().length);
      if (problems.length === 0) return `${lang} syntax error`;
      const list = problems.map((p) => `${p.row + 1}:${p.column + 1} ${p.what}`).join('; ');
      return `${lang} syntax error${problems.length > 1 || more ? 's' : ''}: ${list}${more ? '; …' : ''}`;
    } finally {
      tree.delete();
    }
  }

  /**
   * Parses `code` and hands its root node to `f`; the tree is freed afterwards, so `f` must not
   * keep nodes. The repository map reads top-level symbols this way (symbols.ts).
   */
  async withTree<T>(language: string, code: string, f: (root: Node) => T): Promise<T> {
    const lang = normalizeLanguage(language);
    if (!lang) throw new Error(`no tree-sitter grammar for language '${language}'`);
    const tree = (await this.parserFor(lang)).parse(code);
    if (!tree) throw new Error(`tree-sitter could not parse the ${lang} code`);
    try {
      return f(tree.rootNode);
    } finally {
      tree.delete();
    }
  }

  /** Frees the parsers (the loaded languages stay in the shared wasm runtime). */
  async dispose(): Promise<void> {
    const all = [...this.parsers.values()];
    this.parsers.clear();
    for (const p of all) (await p.catch(() => undefined))?.delete();
  }
}

export function createTreeSitterChecker(paths?: TreeSitterPaths): TreeSitterChecker {
  return new TreeSitterChecker(paths);
}
