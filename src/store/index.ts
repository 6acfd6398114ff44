// Public API of the session store, for the CLI and the extension.
export { openStore } from './open';
export type { StoreOptions } from './storeOptions';
export { SqlSessionStore } from './store';
export type { StoreStats } from './durability';
export { defaultStorePath } from './disk/paths';
export { StoreCorruptError } from './sql/snapshot';
export { SchemaTooNewError } from './sql/schema';
export { LockTimeoutError } from './disk/lock';
export { SegmentCorruptError } from './chain/segmentFile';
export { DEFAULT_CHAIN_POLICY, type ChainPolicy } from './chain/chainPolicy';
