// The repository map of one workspace: its files (repoFiles.ts), each read once for its
// top-level symbols (symbols.ts) and imports (repoImports.ts), ranked against a query and
// trimmed to a token budget (repoRank.ts). Entries are cached for the run; files a step writes
// or rolls back are read again, so later prompts see the repository as it is now.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { languageForPath } from '../engine/languages';
import { listRepoFiles } from './repoFiles';
import { importsOf } from './repoImports';
import { rankEntries, renderMap, mentionedFiles, type MapEntry } from './repoRank';
import { topLevelSymbols } from './symbols';
import { nonTextReason } from './text';
import type { TreeSitterChecker } from './treeSitter';

/** Larger files are listed by name only: generated or vendored code, rarely a step's target. */
const MAX_PARSE_BYTES = 256 * 1024;
/** Files kept in memory for the "uses a named file's symbols" check, each and in all. */
const MAX_KEEP_BYTES = 64 * 1024;
const MAX_KEEP_TOTAL = 16 * 1024 * 1024;
/** Past this many files, the rest are listed by name only (a monorepo must not stall the first prompt). */
const MAX_INDEXED = 3000;
const READ_CONCURRENCY = 16;

export class RepoMap {
  private files?: Promise<string[]>;
  private readonly entries = new Map<string, Promise<MapEntry | undefined>>();
  /** Characters of file text held (never lowered on invalidate: a bound, not an account). */
  private kept = 0;

  constructor(
    private readonly root: string,
    private readonly isGit: boolean,
    private readonly checker?: TreeSitterChecker,
  ) {}

  /** The map for `query` (task, step, failing output), at most about `tokens` tokens. */
  async render(query: string, tokens: number): Promise<string> {
    if (tokens <= 0) return '';
    return renderMap(rankEntries(await this.all(), query), tokens);
  }

  /** Repo files `text` names (paths in a test failure, a task's file names), in listing order. */
  async mentioned(text: string): Promise<string[]> {
    const files = await this.list();
    const named = mentionedFiles(text, files);
    return files.filter((f) => named.has(f));
  }

  /**
   * The files `text` names, then what those import, two hops deep: a failing test names itself,
   * the code under test is what it imports, and a fix may span that code and its own helper.
   */
  async mentionedWithImports(text: string): Promise<string[]> {
    const set = new Set(await this.list());
    const out = new Set(await this.mentioned(text));
    let frontier = [...out];
    for (let hop = 0; hop < 2; hop++) {
      const next = (await Promise.all(frontier.map(async (f) => (await this.entry(f, set))?.imports ?? []))).flat().filter((f) => !out.has(f));
      for (const f of next) out.add(f);
      frontier = next;
    }
    return [...out];
  }

  /** Files a step wrote or rolled back: read again on the next render (a created or deleted file re-lists). */
  invalidate(paths: readonly string[]): void {
    for (const p of paths) this.entries.delete(p);
    this.files = undefined;
  }

  private list(): Promise<string[]> {
    this.files ??= listRepoFiles(this.root, this.isGit);
    return this.files;
  }

  private async all(): Promise<MapEntry[]> {
    const files = await this.list();
    const set = new Set(files);
    const out: (MapEntry | undefined)[] = [];
    for (let i = 0; i < files.length; i += READ_CONCURRENCY) {
      const batch = files.slice(i, i + READ_CONCURRENCY).map((f, j) => (i + j < MAX_INDEXED ? this.entry(f, set) : Promise.resolve({ path: f, symbols: [], imports: [] })));
      out.push(...(await Promise.all(batch)));
    }
    return out.filter((e): e is MapEntry => e !== undefined);
  }

  private entry(rel: string, files: ReadonlySet<string>): Promise<MapEntry | undefined> {
    let p = this.entries.get(rel);
    if (!p) {
      p = this.read(rel, files);
      this.entries.set(rel, p);
    }
    return p;
  }

  /** undefined: gone, or not text (a binary without a telling extension). */
  private async read(rel: string, files: ReadonlySet<string>): Promise<MapEntry | undefined> {
    const abs = path.join(this.root, rel);
    const st = await stat(abs).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    if (st.size > MAX_PARSE_BYTES) return { path: rel, symbols: [], imports: [] };
    const bytes = await readFile(abs).catch(() => undefined);
    if (!bytes || nonTextReason(bytes) !== null) return undefined;
    const content = bytes.toString('utf8');
    const language = languageForPath(rel);
    // A grammar that fails to load or parse costs the file its symbols, never the map.
    const symbols = language && this.checker ? await topLevelSymbols(this.checker, language, content).catch(() => []) : [];
    const keep = content.length <= MAX_KEEP_BYTES && this.kept + content.length <= MAX_KEEP_TOTAL;
    if (keep) this.kept += content.length;
    return { path: rel, symbols, imports: importsOf(rel, content, files), content: keep ? content : undefined };
  }
}
