// A copy of the shipped `code` domain with some keys changed, written to a temp config whose
// template paths point back at the repository's templates/. Lets tests vary the applier,
// verifier or thresholds while keeping the real prompts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export const REPO_ROOT = resolve(__dirname, '../../..');

export function writeCodeConfig(dir: string, change: (code: Record<string, any>) => void): string {
  const config = parse(readFileSync(join(REPO_ROOT, 'config.yaml'), 'utf8'));
  const code = config.domains.code;
  // Template values that are paths (inline text has a newline) stay pointed at the repository's templates/.
  for (const agent of Object.values(code.agents) as Record<string, unknown>[]) {
    for (const key of ['prompt_template', 'system_prompt']) {
      const v = agent[key];
      if (typeof v === 'string' && !v.includes('\n')) agent[key] = join(REPO_ROOT, v);
    }
  }
  change(code);
  const path = join(dir, 'config.yaml');
  writeFileSync(path, stringify({ domains: { code } }));
  return path;
}
