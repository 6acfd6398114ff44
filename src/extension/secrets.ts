// API keys live in VS Code's SecretStorage (the OS keychain on desktop), one entry per
// provider. The facade asks keyLookup before the environment, so a key set here wins over
// OPENAI_API_KEY & co. Keys never go to settings, logs, or the session store.
import * as vscode from 'vscode';
import { BUILTIN_PROVIDERS, PROVIDERS, type BuiltinProvider } from './backend';

const PREFIX = 'microfactory.apiKey.';

export class KeyVault {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The facade's keyLookup: undefined lets it fall back to env vars and ~/.env. */
  readonly lookup = async (provider: string): Promise<string | undefined> => {
    const v = await this.secrets.get(PREFIX + provider);
    return v && v.trim() !== '' ? v : undefined;
  };

  async set(provider: string, key: string): Promise<void> {
    await this.secrets.store(PREFIX + provider, key.trim());
  }

  async delete(provider: string): Promise<void> {
    await this.secrets.delete(PREFIX + provider);
  }

  async has(provider: string): Promise<boolean> {
    return (await this.lookup(provider)) !== undefined;
  }

  /** Fires when a key changes in any window (SecretStorage syncs them). */
  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.secrets.onDidChange;
  }
}

export const KEYED_PROVIDERS: readonly BuiltinProvider[] = BUILTIN_PROVIDERS;

export function envVarFor(provider: BuiltinProvider): string {
  return PROVIDERS[provider].keyEnvVars[0];
}
