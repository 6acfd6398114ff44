// The files a solver sees for a step: the existing files its description names, read through
// the same confinement checks as writes (so a description naming ../../etc/passwd shows nothing)
// and bounded in count and size, so a prompt never balloons. Files a failing baseline names
// join them (repoMap.ts finds which), so the solver sees the test that fails.
import { readFile, stat } from 'node:fs/promises';
import { pathTokens } from './candidate';
import { resolveInRepo } from './paths';
import { nonTextReason } from './text';

const MAX_FILES = 4;
const MAX_BYTES = 64 * 1024;

/**
 * The files the step's description names, then `related` (repo paths the baseline's failing
 * output names: the test that fails and the code in its stack trace), up to MAX_FILES.
 */
export async function describeStep(realRoot: string, stepDescription: string, related: readonly string[] = []): Promise<{ path: string; content: string }[]> {
  const out: { path: string; content: string }[] = [];
  for (const token of new Set([...pathTokens(stepDescription), ...related])) {
    if (out.length >= MAX_FILES) break;
    const r = await resolveInRepo(realRoot, token);
    if (!r.ok || !r.exists || out.some((f) => f.path === r.rel)) continue;
    const st = await stat(r.abs).catch(() => undefined);
    if (!st?.isFile() || st.size > MAX_BYTES) continue;
    const bytes = await readFile(r.abs);
    if (nonTextReason(bytes) !== null) continue;
    out.push({ path: r.rel, content: bytes.toString('utf8') });
  }
  return out;
}
