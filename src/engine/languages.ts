// Language names for the syntax red flag: canonical names, the aliases models put on fences
// and configs, file extensions, and the grammar file each one loads. Pure, no dependencies:
// the engine's syntax flagger infers languages with it, the workspace's tree-sitter loads by it.
import { own } from './own';

/** Canonical language → grammar wasm file name (from @vscode/tree-sitter-wasm). */
export const GRAMMAR_FILES: Readonly<Record<string, string>> = {
  python: 'tree-sitter-python.wasm',
  rust: 'tree-sitter-rust.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  java: 'tree-sitter-java.wasm',
  go: 'tree-sitter-go.wasm',
  bash: 'tree-sitter-bash.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  cpp: 'tree-sitter-cpp.wasm',
  css: 'tree-sitter-css.wasm',
  ini: 'tree-sitter-ini.wasm',
  php: 'tree-sitter-php.wasm',
  powershell: 'tree-sitter-powershell.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  regex: 'tree-sitter-regex.wasm',
};

const ALIASES: Readonly<Record<string, string>> = {
  py: 'python', python3: 'python', py3: 'python',
  rs: 'rust',
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript', ecmascript: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  golang: 'go',
  sh: 'bash', shell: 'bash', zsh: 'bash', shellscript: 'bash',
  'c#': 'csharp', cs: 'csharp', c_sharp: 'csharp', 'c-sharp': 'csharp',
  'c++': 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp',
  rb: 'ruby',
  ps1: 'powershell', pwsh: 'powershell', ps: 'powershell',
};

const EXTENSIONS: Readonly<Record<string, string>> = {
  py: 'python', pyi: 'python', pyw: 'python',
  rs: 'rust',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  tsx: 'tsx',
  java: 'java',
  go: 'go',
  sh: 'bash', bash: 'bash',
  cs: 'csharp',
  cpp: 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp',
  css: 'css',
  ini: 'ini',
  php: 'php',
  ps1: 'powershell', psm1: 'powershell',
  rb: 'ruby',
};

/**
 * Extensions of text files we have no grammar for. The syntax flagger gives them the delimiter
 * check instead of parsing them with the flagger's configured language (a README is not Rust).
 */
const PLAIN_EXTENSIONS: Readonly<Record<string, string>> = {
  md: 'markdown', markdown: 'markdown', txt: 'text', json: 'json', yaml: 'yaml', yml: 'yaml', toml: 'toml',
};

/** Languages written as prose, whose delimiter check skips code spans and list markers, not quotes. */
const PROSE = new Set(['markdown', 'md', 'text', 'txt', 'plaintext', 'prose']);

export function isProse(language: string): boolean {
  return PROSE.has(language.trim().toLowerCase());
}

/** Canonical name for a fence tag or config value ('py' → 'python'), or undefined if unknown. */
export function normalizeLanguage(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.trim().toLowerCase();
  if (own(GRAMMAR_FILES, n)) return n;
  return own(ALIASES, n);
}

/** Language of a file by its extension, or undefined (e.g. .md, .json, .h). */
export function languageForPath(p: string): string | undefined {
  const ext = extensionOf(p);
  return ext === undefined ? undefined : own(EXTENSIONS, ext);
}

/** languageForPath, else a grammar-less text language ('markdown' for .md, 'json', ...), else undefined. */
export function inferLanguage(p: string): string | undefined {
  const ext = extensionOf(p);
  return ext === undefined ? undefined : (own(EXTENSIONS, ext) ?? own(PLAIN_EXTENSIONS, ext));
}

function extensionOf(p: string): string | undefined {
  const base = p.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 && !base.startsWith('.')) return undefined;
  return base.slice(dot + 1).toLowerCase();
}
