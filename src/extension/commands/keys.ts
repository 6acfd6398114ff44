// "Microfactory: Set API Key": stores a provider's key in SecretStorage (never settings, never
// the store). The list says, for each provider, where its key comes from now (stored in VS Code,
// an environment variable, ~/.env, or none) without ever showing a key, and offers to remove a
// stored one. Args { provider, key } skip the prompts; key '' removes the stored key.
import * as vscode from 'vscode';
import type { MicrofactoryContext } from '../context';
import { keyStatus, keyStatusLabel } from '../backend';
import { KEYED_PROVIDERS, envVarFor } from '../secrets';
import { register } from './register';

interface SetKeyArgs { provider?: string; key?: string }

type KeyItem = vscode.QuickPickItem & { provider: string; remove: boolean };

/** One row per provider ("openai — key stored in VS Code"), then one "Remove" row per stored key. */
async function keyItems(ctx: MicrofactoryContext): Promise<KeyItem[]> {
  const rows = await Promise.all(KEYED_PROVIDERS.map(async (p) => ({ p, status: await keyStatus(p, ctx.vault.lookup) })));
  const set: KeyItem[] = rows.map(({ p, status }) => ({
    label: p,
    description: keyStatusLabel(status),
    detail: status.source === 'secret-storage' ? 'Replace the stored key' : `Store a key in VS Code (used before $${envVarFor(p)})`,
    provider: p,
    remove: false,
  }));
  const removable: KeyItem[] = rows.filter(({ status }) => status.source === 'secret-storage').map(({ p }) => ({
    label: `$(trash) Remove the stored ${p} key`,
    description: `falls back to $${envVarFor(p)} or ~/.env`,
    provider: p,
    remove: true,
  }));
  return removable.length ? [...set, { label: 'Stored keys', kind: vscode.QuickPickItemKind.Separator, provider: '', remove: false }, ...removable] : set;
}

async function remove(ctx: MicrofactoryContext, provider: string): Promise<boolean> {
  await ctx.vault.delete(provider);
  ctx.log.info(`API key for ${provider} removed from secret storage`);
  void vscode.window.showInformationMessage(`Microfactory: removed the stored ${provider} key.`);
  return true;
}

async function setApiKey(ctx: MicrofactoryContext, args: SetKeyArgs = {}): Promise<boolean> {
  let provider = args.provider;
  if (!provider) {
    const pick = await vscode.window.showQuickPick(keyItems(ctx), { title: 'Microfactory: API Keys', placeHolder: 'Which provider? (keys are never shown)' });
    if (!pick) return false;
    if (pick.remove) return remove(ctx, pick.provider);
    provider = pick.provider;
  }
  let key = args.key;
  if (key === undefined) {
    const stored = await ctx.vault.has(provider);
    key = await vscode.window.showInputBox({
      title: `Microfactory: ${provider} API key`,
      prompt: `Stored in VS Code's secret storage and used before ${KEYED_PROVIDERS.includes(provider as never) ? envVarFor(provider as never) : 'environment variables'}.${stored ? ' Leave empty to remove the stored key.' : ''}`,
      password: true,
      ignoreFocusOut: true,
    });
  }
  if (key === undefined) return false;
  if (key.trim() === '') return remove(ctx, provider);
  await ctx.vault.set(provider, key);
  // Log the fact, never the value.
  ctx.log.info(`API key for ${provider} stored in secret storage`);
  void vscode.window.showInformationMessage(`Microfactory: ${provider} key stored securely.`);
  return true;
}

export function registerKeyCommands(ctx: MicrofactoryContext): vscode.Disposable {
  return register(ctx, 'microfactory.setApiKey', (args?: SetKeyArgs) => setApiKey(ctx, args ?? {}));
}
