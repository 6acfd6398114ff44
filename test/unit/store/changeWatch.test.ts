// The store's change watch (src/store/changeWatch.ts) is the one poll of the store file. The
// extension's tree refreshes from it alone when the CLI writes (src/extension/storeHost.ts), so
// this proves what that relies on with a real CLI process, and that the extension adds no second
// watcher or poll of its own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../../../src/store';
import { ensureCliBuilt, REPO_ROOT, runCli } from '../../support/cliRun';
import { walk } from '../../support/moduleImports';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe('store: the change watch is the one poll of the store file', function () {
  this.timeout(60_000);
  let home: TmpDir;
  beforeEach(() => (home = makeTmpDir('mf-watch-')));
  afterEach(() => home.cleanup());

  it('a listener hears a CLI run in another process from the store poll alone, and then sees its session', async () => {
    ensureCliBuilt();
    const store = await openStore(path.join(home.path, 'sessions.sqlite3'), { checkpointIntervalMs: 0, watchIntervalMs: 50 });
    try {
      let heard = 0;
      let seen: string[] = [];
      // Nothing else reads the store meanwhile, so only the watch's own poll can notice the CLI.
      const off = store.onExternalChange(() => {
        heard++;
        seen = store.listSessions().map((s) => s.prompt);
      });
      const r = await runCli(['run', '--domain', 'hanoi', '--prompt', 'from the terminal', '--disks', '3', '--llm-provider', 'simulated', '--json'], { home: home.path });
      assert.equal(r.code, 0, r.stderr);
      const deadline = Date.now() + 10_000;
      while (!seen.includes('from the terminal') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      off();
      assert.ok(heard > 0, 'the listener was never called');
      assert.deepEqual(seen, ['from the terminal']);
    } finally {
      await store.close();
    }
  });

  it('the extension subscribes to it and neither watches nor polls the store file itself', () => {
    const ext = walk(path.join(REPO_ROOT, 'src', 'extension'));
    const host = readFileSync(path.join(REPO_ROOT, 'src', 'extension', 'storeHost.ts'), 'utf8');
    assert.match(host, /store\.onExternalChange\(/);
    const second: string[] = [];
    // A file watcher or timer in the store's host would be a second poll of the same file.
    for (const re of [/createFileSystemWatcher/, /fs\.watch/, /setInterval|interval\(/]) if (re.test(host)) second.push(`storeHost.ts: ${re.source}`);
    // Reloading is the store's job: its poll reloads, then calls the listeners.
    for (const f of ext) if (/\breloadIfChanged\b/.test(readFileSync(f, 'utf8'))) second.push(`${path.relative(REPO_ROOT, f)}: reloadIfChanged`);
    assert.deepEqual(second, []);
  });
});
