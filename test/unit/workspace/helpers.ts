// Shared bits for the workspace tests: a DomainConfig with just what the workspace reads,
// and small filesystem snapshot helpers to prove that "nothing was written".
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import * as path from 'node:path';
import type { DomainConfig } from '../../../src/engine/config';

export function testDomain(over: Partial<DomainConfig> = {}): DomainConfig {
  return {
    name: 'code',
    flow: 'tree',
    vote: 'exact',
    agents: {},
    stepGranularity: { maxFiles: 5, maxLinesChanged: 200 },
    applier: 'overwrite_file',
    onVerifyFail: 'retry',
    verifyRetries: 1,
    redFlaggers: [],
    limits: { maxDepth: 3, minWordsToDecompose: 10, voteCap: 10, onVoteCap: 'plurality', resampleBudget: 10 },
    humanThresholds: { redFlags: 0, resamples: 0, lowMargin: 0 },
    pricing: {},
    ...over,
  };
}

/** Every path under `root` (files with their bytes, dirs, links), .git excluded unless asked. */
export function snapshot(root: string, includeGit = false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git' && !includeGit) continue;
      const abs = path.join(dir, name);
      const rel = path.relative(root, abs);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) out.set(rel, 'link');
      else if (st.isDirectory()) {
        out.set(rel, 'dir');
        walk(abs);
      } else out.set(rel, `${(st.mode & 0o777).toString(8)}:${readFileSync(abs).toString('base64')}`);
    }
  };
  walk(root);
  return out;
}
