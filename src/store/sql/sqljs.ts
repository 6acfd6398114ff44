// Loads the sql.js WASM module once per process. The bundle (dist/) ships sql-wasm.wasm beside
// itself; in tests and `tsc` output we fall back to the copy inside node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';

export type SqlModule = initSqlJs.SqlJsStatic;

let cached: Promise<SqlModule> | undefined;

export function locateSqlWasm(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(beside)) return beside;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

export function loadSqlJs(): Promise<SqlModule> {
  if (!cached) {
    const wasm = locateSqlWasm();
    cached = initSqlJs({ locateFile: () => wasm }).catch((err: unknown) => {
      cached = undefined; // let a later call retry instead of caching the failure forever
      throw new Error(`Could not load sql.js (${wasm}): ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  return cached;
}
