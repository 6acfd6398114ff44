// What a caller may tune when opening a store (openStore in open.ts; SqlSessionStore in store.ts
// reads the rest). Its own file so the store and its opener do not import each other for it.
import type { Logger } from '../engine/ports';
import type { ChainPolicy } from './chain/chainPolicy';

export interface StoreOptions {
  /** Background checkpoint period (default 5000 ms; 0 disables the timer). */
  checkpointIntervalMs?: number;
  /** Journal bytes that trigger a checkpoint soon after (default 8 MiB; the main DB holds about this much recent data). */
  checkpointBytes?: number;
  /**
   * Journal bytes of chain steps held outside SQL (chain/tail.ts) that trigger a checkpoint (default
   * 64 MiB). They do not grow the main DB, so they may run longer between checkpoints, which
   * spreads a checkpoint's fixed cost over more steps; this bounds their memory and crash replay.
   */
  tailBytes?: number;
  /** listSessions/getSession re-read a changed file at most this often (default 1000 ms). */
  reloadMinIntervalMs?: number;
  /** How often onExternalChange listeners poll the file (default 1000 ms). */
  watchIntervalMs?: number;
  lockTimeoutMs?: number;
  lockStaleMs?: number;
  chain?: Partial<ChainPolicy>;
  /** 'throw' (default): a corrupt file is moved aside and open() throws; 'recreate': moved aside, logged, new store. */
  onCorrupt?: 'throw' | 'recreate';
  log?: Logger;
}
