// Temporary folders for tests: created under os.tmpdir(), removed by cleanup().
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TmpDir {
  /** Absolute path of the folder. */
  path: string;
  /** Writes a file (relative to the folder, parent folders created) and returns its absolute path. */
  write(rel: string, content: string): string;
  /** Creates a sub-folder (and its parents) and returns its absolute path. */
  mkdir(rel: string): string;
  cleanup(): void;
}

export function makeTmpDir(prefix = 'mf-test-'): TmpDir {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    path: dir,
    write(rel, content) {
      const file = path.join(dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    mkdir(rel) {
      const sub = path.join(dir, rel);
      mkdirSync(sub, { recursive: true });
      return sub;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
