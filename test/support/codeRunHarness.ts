// The setup of a `code` run test through the facade: a fresh repository and temp folder, a real
// sql.js store, the deps (engine events collected), and a script writer. Call it inside
// describe(); the fields are replaced before each test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AppDeps } from '../../src/app/api';
import type { EngineEvent } from '../../src/engine/events';
import { openStore, type SqlSessionStore } from '../../src/store';
import { REPO_ROOT } from './codeDomain';
import { makeTempDir } from './fixtures';

export interface CodeRunHarness<R> {
  repo: R;
  tmp: { path: string; cleanup(): void };
  store: SqlSessionStore;
  deps: AppDeps;
  events: EngineEvent[];
  /** Writes a scripted-model file into the temp folder; returns its path. */
  script(s: object): string;
}

export function codeRunHarness<R extends { cleanup(): void }>(makeRepo: () => R, prefix: string): CodeRunHarness<R> {
  const h = {
    events: [] as EngineEvent[],
    script(s: object): string {
      const p = join(h.tmp.path, 'script.yaml');
      writeFileSync(p, stringify(s));
      return p;
    },
  } as CodeRunHarness<R>;
  beforeEach(async () => {
    h.repo = makeRepo();
    h.tmp = makeTempDir(prefix);
    h.store = await openStore(join(h.tmp.path, 'home', 'sessions.sqlite3'));
    h.events = [];
    h.deps = { store: h.store, resourceRoot: REPO_ROOT, onEvent: (e) => h.events.push(e) };
  });
  afterEach(async () => {
    await h.store.close();
    h.repo.cleanup();
    h.tmp.cleanup();
  });
  return h;
}
