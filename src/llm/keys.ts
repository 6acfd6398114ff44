// Where a provider's API key comes from, first match wins:
//   1. --api-key (explicit, this process only)
//   2. keyLookup: VS Code SecretStorage in the editor (absent in the CLI)
//   3. the environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY (or GOOGLE_API_KEY), XAI_API_KEY
//   4. ~/.env, read once per process and never overriding the environment
// ~/.env is read into a private map instead of process.env so that verifier commands and
// other child processes don't inherit keys the user never exported.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LlmConfigError } from '../engine/ports';
import { parseDotenv } from './dotenv';
import { NO_KEY_PLACEHOLDER, PROVIDERS, isBuiltinProvider, keyHint } from './providerInfo';

export type KeyLookup = (provider: string) => Promise<string | undefined> | string | undefined;

export interface KeyResolveOptions {
  /** --api-key, already matched to this provider by the caller. */
  apiKey?: string;
  keyLookup?: KeyLookup;
  /** Defaults to process.env; tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Defaults to os.homedir(); tests point it at a temp folder. */
  homeDir?: string;
}

export type KeySource = 'flag' | 'secret-storage' | 'env' | 'dotenv' | 'placeholder';

export interface ResolvedKey {
  key: string;
  source: KeySource;
  /** The variable it came from, for source 'env' and 'dotenv'. */
  variable?: string;
}

export async function resolveApiKey(provider: string, opts: KeyResolveOptions = {}): Promise<ResolvedKey> {
  const flag = clean(opts.apiKey);
  if (flag) return { key: flag, source: 'flag' };
  if (opts.keyLookup) {
    const stored = clean(await opts.keyLookup(provider));
    if (stored) return { key: stored, source: 'secret-storage' };
  }
  const info = isBuiltinProvider(provider) ? PROVIDERS[provider] : undefined;
  const vars = info?.keyEnvVars ?? [];
  const env = opts.env ?? process.env;
  for (const name of vars) {
    const value = clean(env[name]);
    if (value) return { key: value, source: 'env', variable: name };
  }
  const file = homeDotenv(opts.homeDir);
  for (const name of vars) {
    const value = clean(file[name]);
    if (value) return { key: value, source: 'dotenv', variable: name };
  }
  if (info?.keyOptional) return { key: NO_KEY_PLACEHOLDER, source: 'placeholder' };
  throw new LlmConfigError(`Missing API key for ${provider}: ${keyHint(provider)}`);
}

/** Every provider key this machine could use (environment, then ~/.env): the secrets a redactor must know. */
export function machineKeys(env: Record<string, string | undefined> = process.env, homeDir?: string): string[] {
  const dotenv = homeDotenv(homeDir);
  const keys = Object.values(PROVIDERS).flatMap((info) => info.keyEnvVars.flatMap((name) => [clean(env[name]), clean(dotenv[name])]));
  return keys.filter((k): k is string => k !== undefined);
}

const dotenvCache = new Map<string, Record<string, string>>();

/** The parsed ~/.env of `homeDir`, read at most once per process; {} when absent or unreadable. */
export function homeDotenv(homeDir: string = os.homedir()): Record<string, string> {
  const file = path.join(homeDir, '.env');
  let parsed = dotenvCache.get(file);
  if (!parsed) {
    try {
      parsed = parseDotenv(fs.readFileSync(file, 'utf8'));
    } catch {
      // A missing or unreadable ~/.env is normal; keys may come from elsewhere.
      parsed = {};
    }
    dotenvCache.set(file, parsed);
  }
  return parsed;
}

/** Tests only: forget what was read, so a rewritten temp ~/.env is seen. */
export function forgetDotenvCache(): void {
  dotenvCache.clear();
}

function clean(value: string | undefined | null): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
