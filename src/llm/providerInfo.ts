// Facts about each built-in provider that key resolution, error messages and the router all
// need. Kept free of SDK imports so that keys.ts and the CLI's help text stay light.
import { own } from '../engine/own';

export type BuiltinProvider = 'openai' | 'anthropic' | 'gemini' | 'grok' | 'openai-compatible';

export interface ProviderInfo {
  name: BuiltinProvider;
  /** Environment variables holding the key, in order of preference; the first is the one we tell users to set. */
  keyEnvVars: string[];
  /**
   * Always handed to the SDK explicitly: left out, the SDKs would read OPENAI_BASE_URL /
   * ANTHROPIC_BASE_URL / GOOGLE_GEMINI_BASE_URL and a stray variable could send prompts
   * (and keys) somewhere else without the user noticing.
   */
  defaultBaseUrl?: string;
  /** Local servers (Ollama, LM Studio, llama.cpp, vLLM) usually accept any key or none. */
  keyOptional: boolean;
}

export const PROVIDERS: Readonly<Record<BuiltinProvider, ProviderInfo>> = {
  openai: { name: 'openai', keyEnvVars: ['OPENAI_API_KEY'], defaultBaseUrl: 'https://api.openai.com/v1', keyOptional: false },
  anthropic: { name: 'anthropic', keyEnvVars: ['ANTHROPIC_API_KEY'], defaultBaseUrl: 'https://api.anthropic.com', keyOptional: false },
  // GOOGLE_API_KEY is what @google/genai itself reads; accept it so existing setups work.
  gemini: { name: 'gemini', keyEnvVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], defaultBaseUrl: 'https://generativelanguage.googleapis.com', keyOptional: false },
  grok: { name: 'grok', keyEnvVars: ['XAI_API_KEY'], defaultBaseUrl: 'https://api.x.ai/v1', keyOptional: false },
  // No default URL: there is no canonical host, so --base-url is required.
  // Its own variable, never OPENAI_API_KEY: a real OpenAI key must not be sent to a local or third-party server.
  'openai-compatible': { name: 'openai-compatible', keyEnvVars: ['OPENAI_COMPATIBLE_API_KEY'], keyOptional: true },
};

export const BUILTIN_PROVIDERS = Object.keys(PROVIDERS) as BuiltinProvider[];

export function isBuiltinProvider(name: string): name is BuiltinProvider {
  return own(PROVIDERS, name) !== undefined;
}

/** Placeholder key for keyless OpenAI-compatible servers: the openai SDK refuses to start without one. */
export const NO_KEY_PLACEHOLDER = 'not-needed';

/** "set ANTHROPIC_API_KEY (environment or ~/.env) or pass --api-key": the hint every key error ends with. */
export function keyHint(provider: string): string {
  const info = isBuiltinProvider(provider) ? PROVIDERS[provider] : undefined;
  if (!info) return 'pass --api-key';
  return `set ${info.keyEnvVars[0]} (environment or ~/.env) or pass --api-key`;
}
