// What every command needs: the store (one file shared with the extension), the bundled
// resources, the view (what the global flags ask to see) with its logger. Opened lazily so
// `plan` and `--help` never load sql.js.
import { resourceRootFrom } from '../app/session';
import type { Logger } from '../engine/ports';
import { defaultStorePath, openStore, type SqlSessionStore } from '../store';
import { cliView, type CliView } from './observe';

export interface CliContext {
  resourceRoot: string;
  store(): Promise<SqlSessionStore>;
  log: Logger;
  view: CliView;
  close(): Promise<void>;
}

export function cliContext(view: CliView = cliView({ verbose: false, logJson: false, compact: false })): CliContext {
  let store: Promise<SqlSessionStore> | undefined;
  const log = view.log;
  return {
    resourceRoot: resourceRootFrom(__dirname),
    log,
    view,
    // A damaged DB file is moved aside, what it still holds is recovered, and the command goes on (loudly).
    store: () => (store ??= openStore(defaultStorePath(), { log, onCorrupt: 'recreate' })),
    close: async () => {
      try {
        if (store) await (await store).close();
      } finally {
        await view.close();
      }
    },
  };
}
