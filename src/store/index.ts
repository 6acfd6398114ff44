// Public API of the session store, for the CLI and the extension: the one file the rest of the
// code imports. Inside, imports point one way (test/unit/store/walkable.test.ts keeps it so):
//   sql/      the sql.js database, schema, record <-> row mapping, reading the DB file
//   disk/     where the store's files live, and the lock around checkpoints
//   journal/  the write operations as records (their codes are on disk), the journal files -> disk/
//   chain/    long chains: steps held before SQL, segment files, retention -> sql/, disk/, journal/
//   *.ts      the store (store.ts), its opener (open.ts), durability and checkpoints -> all of them
export { openStore } from './open';
export type { StoreOptions } from './storeOptions';
export { SqlSessionStore } from './store';
export type { StoreStats } from './durability';
export { atomicWriteFileSync, defaultStorePath, safeName } from './disk/paths';
export { StoreCorruptError } from './sql/snapshot';
export { SchemaTooNewError } from './sql/schema';
export { FileLock, LockTimeoutError } from './disk/lock';
export { SegmentCorruptError } from './chain/segmentFile';
export { DEFAULT_CHAIN_POLICY, type ChainPolicy } from './chain/chainPolicy';
export type { SessionHealth, StoreHealth } from './health';
export { unfixableDamage } from './damage';
