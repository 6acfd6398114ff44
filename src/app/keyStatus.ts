// Where a provider's key would come from, without ever returning the key: what the editor's
// Set API Key list and the domain picker show ("stored in VS Code", "from $OPENAI_API_KEY").
import { LlmConfigError } from '../engine/ports';
import { resolveApiKey, type KeyLookup, type KeySource } from '../llm/keys';

export interface KeyStatus {
  /** 'none': no key anywhere (a call would fail with the usual key hint). */
  source: KeySource | 'none';
  /** The environment or ~/.env variable it came from. */
  variable?: string;
}

export async function keyStatus(provider: string, keyLookup?: KeyLookup, env?: Record<string, string | undefined>, homeDir?: string): Promise<KeyStatus> {
  try {
    const r = await resolveApiKey(provider, { keyLookup, env, homeDir });
    return { source: r.source, variable: r.variable };
  } catch (e) {
    if (e instanceof LlmConfigError) return { source: 'none' };
    throw e;
  }
}

/** "stored in VS Code", "from OPENAI_API_KEY", "from ~/.env (XAI_API_KEY)", "no key needed", "no key". */
export function keyStatusLabel(s: KeyStatus): string {
  switch (s.source) {
    case 'secret-storage': return 'key stored in VS Code';
    case 'env': return `key from $${s.variable}`;
    case 'dotenv': return `key from ~/.env (${s.variable})`;
    case 'placeholder': return 'no key needed';
    case 'flag': return 'key given for this run';
    default: return 'no key';
  }
}
