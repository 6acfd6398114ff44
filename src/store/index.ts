// Public API of the session store, for the CLI and the extension.
export { openStore } from './open';
export type { StoreOptions } from './storeOptions';
export { SqlSessionStore } from './store';
export type { StoreStats } from './durability';
export { defaultStorePath } from './paths';
export { StoreCorruptError } from './snapshot';
export { SchemaTooNewError } from './schema';
export { LockTimeoutError } from './lock';
export { SegmentCorruptError } from './segmentFile';
export { DEFAULT_CHAIN_POLICY, type ChainPolicy } from './chainPolicy';
