// Everything about a run that can be checked before a session exists: each is a mistake in
// what the user asked for (exit 2 in the CLI, 400 in `serve`), and found later it would leave a
// failed session behind. startRun and resumeRun call it; so do `run --dry-run` and `estimate`,
// which build a client of their own.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DomainConfig } from '../engine/config';
import type { LlmRouter } from '../llm';
import type { RunOverrides } from './api';
import { DEFAULT_PROVIDER, UsageError } from './options';

export async function preflight(o: RunOverrides, domain: DomainConfig, llm: LlmRouter): Promise<void> {
  if (o.repoPath !== undefined) checkRepoPath(o.repoPath);
  if (o.baseUrl !== undefined) checkBaseUrl(o.baseUrl);
  const fallback = o.provider ?? DEFAULT_PROVIDER;
  for (const provider of providersOf(domain, fallback)) {
    if (provider === 'scripted' && !o.scriptPath) throw new UsageError('the scripted provider needs --script FILE (responses per role)');
    if (provider === 'noisy-coder' && !o.knownFixesPath) throw new UsageError('the noisy-coder provider needs --known-fixes FILE (the tasks and fixes it recognizes; npm run bench:code writes one)');
    const known = [...new Set([...llm.providers(), 'scripted', 'noisy-coder'])];
    if (!known.includes(provider)) {
      const where = provider === o.provider ? '--llm-provider' : `domain '${domain.name}' in the config`;
      throw new UsageError(`${where}: unknown provider '${provider}'; known: ${known.join(', ')}`);
    }
    if (provider === 'simulated' && !(domain.flow === 'chain' && domain.chain?.task === 'hanoi')) {
      const how = o.provider ? '' : ' (the default provider)';
      throw new UsageError(`the simulated model${how} only answers Towers of Hanoi chain steps, not domain '${domain.name}'; pass --llm-provider with a real provider, or scripted with --script`);
    }
    // Resolves the key and base URL without a call: a missing key or an openai-compatible
    // provider without --base-url throws LlmConfigError here, a usage error too.
    await llm.describe(provider);
  }
  // A local model loads here (its file, the native package), so a wrong path is exit 2, not a failed session.
  for (const agent of Object.values(domain.agents)) {
    if (!agent) continue;
    const own = agent.provider ?? fallback;
    for (const m of [{ provider: own, model: agent.model }, ...(agent.models ?? []), ...(agent.escalate ? [agent.escalate.to] : [])]) {
      if ((m.provider ?? own) === 'local') await llm.prepareModel('local', m.model);
    }
  }
}

/** Every provider a run of `domain` may call: each agent's, and each LLM critique flagger's. */
export function providersOf(domain: DomainConfig, fallback: string): string[] {
  const agents = Object.values(domain.agents).filter((a) => a !== undefined);
  const critiques = [...domain.redFlaggers, ...agents.flatMap((a) => a.redFlaggers)].flatMap((f) => (f.type === 'llm_critique' ? [f.provider ?? fallback] : []));
  const mixed = agents.flatMap((a) => [...(a.models ?? []), ...(a.escalate ? [a.escalate.to] : [])].map((m) => m.provider ?? a.provider ?? fallback));
  return [...new Set([...agents.map((a) => a.provider ?? fallback), ...mixed, ...critiques])];
}

function checkRepoPath(repoPath: string): void {
  const full = resolve(repoPath);
  let isDir: boolean;
  try {
    isDir = statSync(full).isDirectory();
  } catch (e) {
    throw new UsageError(`--repo-path '${repoPath}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
  }
  if (!isDir) throw new UsageError(`--repo-path '${repoPath}' is a file, not a directory`);
}

function checkBaseUrl(baseUrl: string): void {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--base-url must be an http:// or https:// URL (e.g. http://localhost:11434/v1), got '${baseUrl}'`);
  }
}
