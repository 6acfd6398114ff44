// A copy of a shipped domain (`code` by default) with some keys changed, written to a temp config whose
// template paths point back at the repository's templates/. Lets tests vary the applier,
// verifier or thresholds while keeping the real prompts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export const REPO_ROOT = resolve(__dirname, '../../..');

export function writeCodeConfig(dir: string, change: (code: Record<string, any>) => void): string {
  return writeDomainConfig(dir, 'code', change);
}

/** The same for any shipped domain (`analysis`, `hanoi`): a config holding that domain alone. */
export function writeDomainConfig(dir: string, name: string, change: (domain: Record<string, any>) => void): string {
  const config = parse(readFileSync(join(REPO_ROOT, 'config.yaml'), 'utf8'));
  const domain = config.domains[name];
  // Template values that are paths (inline text has a newline) stay pointed at the repository's templates/.
  for (const agent of Object.values(domain.agents) as Record<string, unknown>[]) {
    for (const key of ['prompt_template', 'system_prompt']) {
      const v = agent[key];
      if (typeof v === 'string' && !v.includes('\n')) agent[key] = join(REPO_ROOT, v);
    }
  }
  change(domain);
  const path = join(dir, 'config.yaml');
  writeFileSync(path, stringify({ domains: { [name]: domain } }));
  return path;
}
