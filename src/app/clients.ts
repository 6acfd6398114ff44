// Builds the one LlmClient a session uses: the provider router (limiter, budget, retry,
// pricing) with the built-in `simulated` and `scripted` models registered beside the real ones.
import { parse as parseYaml } from 'yaml';
import { readBoundedText } from '../config/readBounded';
import type { DomainConfig } from '../engine/config';
import { LlmConfigError } from '../engine/ports';
import { createLlmRouter, type LlmRouter } from '../llm';
import { parseKnownFixes, type KnownFixes } from '../llm/knownFixes';
import { NoisyCoderClient } from '../llm/noisyCoder';
import { LocalClient } from '../llm/local';
import { ScriptedClient, type Script } from '../llm/scripted';
import { SimulatedClient } from '../llm/simulated';
import type { AppDeps, RunOverrides } from './api';
import { DEFAULT_PROVIDER } from './options';

export function buildLlm(o: RunOverrides, domain: DomainConfig, deps: Pick<AppDeps, 'keyLookup' | 'log' | 'onLlmCall'> & { resourceRoot?: string }, spentUsd = 0): LlmRouter {
  const provider = o.provider ?? DEFAULT_PROVIDER;
  const router = createLlmRouter({
    apiKeys: o.apiKey ? { [provider]: o.apiKey } : undefined,
    baseUrls: o.baseUrl ? { [provider]: o.baseUrl } : undefined,
    keyLookup: deps.keyLookup,
    maxConcurrent: o.maxConcurrentLlm ?? 4,
    budgetUsd: o.budgetUsd,
    spentUsd,
    pricing: domain.pricing,
    logger: deps.log,
    onCall: deps.onLlmCall,
    retry: o.timeoutMs ? { timeoutMs: o.timeoutMs } : undefined,
  });
  // Built-in models answer locally: no retries or timeouts are needed around them.
  router.register('simulated', new SimulatedClient({ errorRate: o.errorRate, latencyMs: o.latencyMs, seed: o.seed }), { retry: false });
  // The local model is loaded on first use, so registering it costs nothing when it is not used.
  // A relative model path is looked up in the working directory, then beside the bundled config
  // (models/hanoi-tiny.gguf ships there).
  router.register('local', new LocalClient({ searchDirs: [process.cwd(), ...(deps.resourceRoot ? [deps.resourceRoot] : [])] }), { retry: false });
  if (o.scriptPath) router.register('scripted', new ScriptedClient(readScript(o.scriptPath), o.scriptPath), { retry: false });
  if (o.knownFixesPath) {
    const noisy = new NoisyCoderClient({ fixes: readKnownFixes(o.knownFixesPath), fixRate: o.fixRate, judgeRate: o.judgeRate, seed: o.seed });
    router.register('noisy-coder', noisy, { retry: false });
  }
  return router;
}

function readScript(path: string): Script {
  const text = readBoundedText(path, 'the script');
  try {
    const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected a map of role -> list of responses');
    return data as Script;
  } catch (e) {
    throw new LlmConfigError(`${path}: ${(e as Error).message}`);
  }
}

function readKnownFixes(path: string): KnownFixes {
  const text = readBoundedText(path, 'the known fixes');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LlmConfigError(`${path}: ${(e as Error).message}`);
  }
  return parseKnownFixes(data, path);
}
