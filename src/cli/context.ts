// What every command needs: the store (one file shared with the extension), the bundled
// resources, and a logger. Opened lazily so `plan` and `--help` never load sql.js.
import { resourceRootFrom } from '../app/session';
import type { Logger } from '../engine/ports';
import { defaultStorePath, openStore, type SqlSessionStore } from '../store';

export interface CliContext {
  resourceRoot: string;
  store(): Promise<SqlSessionStore>;
  log: Logger;
  close(): Promise<void>;
}

export function cliContext(): CliContext {
  let store: Promise<SqlSessionStore> | undefined;
  const verbose = process.env.MICROFACTORY_LOG === 'debug';
  const log: Logger = {
    debug: (m) => verbose && process.stderr.write(`debug: ${m}\n`),
    info: (m) => verbose && process.stderr.write(`${m}\n`),
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m) => process.stderr.write(`error: ${m}\n`),
  };
  return {
    resourceRoot: resourceRootFrom(__dirname),
    log,
    store: () => (store ??= openStore(defaultStorePath(), { log })),
    close: async () => {
      if (store) await (await store).close();
    },
  };
}
