// Pure: ranking and trimming the repository map. A file the task or the failing output names
// comes first, then files defining a symbol they name; then what those files import, what
// imports them, and what mentions their symbols; then the rest, shallow paths first. The
// listing is cut to a token budget: whole entries while they fit, then bare paths, then a count.
import * as path from 'node:path';
import type { RepoSymbol } from './symbols';

export interface MapEntry {
  path: string;
  symbols: RepoSymbol[];
  /** Repo files this one imports. */
  imports: string[];
  /** The file's text when it was small enough to keep, for reference checks. */
  content?: string;
}

export interface Ranked {
  entry: MapEntry;
  score: number;
  /** Why it ranks where it does, for tests and --inspect readers. */
  why: string;
}

export const SCORE = { named: 100, definesNamed: 60, importedBySeed: 30, importsSeed: 25, references: 10 } as const;
/** A seed pulls its neighbours up: files named, or defining a named symbol. */
const SEED = SCORE.definesNamed;
/** Names too common to point at a file. */
const COMMON = new Set(['main', 'test', 'tests', 'index', 'init', 'self', 'this', 'true', 'false', 'none', 'null', 'value', 'data', 'name', 'type', 'default', 'error', 'result']);
/** About four characters per token for code and English (the usual rule of thumb). */
export const CHARS_PER_TOKEN = 4;

/** Files `text` names: their repo path (also inside an absolute path or `path:line`), or their file name when only one file has it. */
export function mentionedFiles(text: string, files: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (!text) return out;
  const byBase = new Map<string, string[]>();
  for (const f of files) {
    const b = path.posix.basename(f);
    byBase.set(b, [...(byBase.get(b) ?? []), f]);
  }
  for (const f of files) {
    if (text.includes(f) && bounded(text, f, true)) out.add(f);
  }
  for (const [base, list] of byBase) {
    // A bare `utils.py` names a file only when one file has that name, and a dotted name at that.
    if (list.length !== 1 || !base.includes('.') || base.length < 4 || !text.includes(base)) continue;
    if (bounded(text, base, false)) out.add(list[0]);
  }
  return out;
}

/** `needle` occurs in `text` as a whole path: not glued to a longer name on either side. */
function bounded(text: string, needle: string, allowSlashBefore: boolean): boolean {
  const before = allowSlashBefore ? /[\w.-]/ : /[\w./\\-]/;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    const pre = i > 0 ? text[i - 1] : '';
    const post = text[i + needle.length] ?? '';
    if ((pre === '' || !before.test(pre)) && (post === '' || !/[\w-]/.test(post) || (post === '.' && !/\w/.test(text[i + needle.length + 1] ?? '')))) return true;
  }
  return false;
}

export function identifiersIn(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_]\w{3,}/g) ?? []);
}

function meaningful(name: string): boolean {
  return name.length >= 4 && /^\w+$/.test(name) && !COMMON.has(name.toLowerCase());
}

export function rankEntries(entries: readonly MapEntry[], query: string): Ranked[] {
  const named = mentionedFiles(query, entries.map((e) => e.path));
  const words = identifiersIn(query);
  const scored = new Map<string, Ranked>();
  for (const entry of entries) {
    const definesNamed = entry.symbols.find((s) => meaningful(s.name) && words.has(s.name));
    if (named.has(entry.path)) scored.set(entry.path, { entry, score: SCORE.named, why: 'named' });
    else if (definesNamed) scored.set(entry.path, { entry, score: SCORE.definesNamed, why: `defines ${definesNamed.name}` });
    else scored.set(entry.path, { entry, score: 0, why: '' });
  }
  const seeds = [...scored.values()].filter((r) => r.score >= SEED);
  const seedPaths = new Set(seeds.map((s) => s.entry.path));
  const seedImports = new Set(seeds.flatMap((s) => s.entry.imports));
  const seedSymbols = [...new Set(seeds.flatMap((s) => s.entry.symbols.filter((x) => x.depth === 0).map((x) => x.name)).filter(meaningful))];
  const usesSeedSymbol = seedSymbols.length ? new RegExp(`\\b(?:${seedSymbols.join('|')})\\b`) : undefined;
  for (const r of scored.values()) {
    if (r.score >= SEED) continue;
    const e = r.entry;
    const bump = (score: number, why: string) => {
      if (score > r.score) Object.assign(r, { score, why });
    };
    if (seedImports.has(e.path)) bump(SCORE.importedBySeed, 'imported by a named file');
    else if (e.imports.some((i) => seedPaths.has(i))) bump(SCORE.importsSeed, 'imports a named file');
    else if (e.content && usesSeedSymbol?.test(e.content)) bump(SCORE.references, 'uses a named file\'s symbols');
  }
  const depth = (p: string) => p.split('/').length;
  return [...scored.values()].sort((a, b) => b.score - a.score || depth(a.entry.path) - depth(b.entry.path) || (a.entry.path < b.entry.path ? -1 : 1));
}

/** The ranked entries as text of at most about `tokens` tokens; '' for a budget of 0. */
export function renderMap(ranked: readonly Ranked[], tokens: number): string {
  if (tokens <= 0 || ranked.length === 0) return '';
  const budget = tokens * CHARS_PER_TOKEN;
  const lines: string[] = [];
  let used = 0;
  let shown = 0;
  for (const r of ranked) {
    const full = [r.entry.path, ...r.entry.symbols.map((s) => `${s.depth ? '    ' : '  '}${s.line}`)].join('\n') + '\n';
    const bare = r.entry.path + '\n';
    const reserve = 40; // room for the "… more files" line
    const piece = used + full.length + reserve <= budget ? full : used + bare.length + reserve <= budget ? bare : undefined;
    if (piece === undefined) break;
    lines.push(piece);
    used += piece.length;
    shown++;
  }
  const more = ranked.length - shown;
  // No final newline: a template puts the map on its own lines.
  return (lines.join('') + (more > 0 ? `… ${more} more file${more === 1 ? '' : 's'} not shown` : '')).trimEnd();
}
