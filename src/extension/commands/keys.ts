// "Microfactory: Set API Key": stores a provider's key in SecretStorage (never settings, never
// the store). Args { provider, key } skip the prompts; key '' removes the stored key.
import * as vscode from 'vscode';
import type { MicrofactoryContext } from '../context';
import { KEYED_PROVIDERS, envVarFor } from '../secrets';
import { register } from './register';

interface SetKeyArgs { provider?: string; key?: string }

async function setApiKey(ctx: MicrofactoryContext, args: SetKeyArgs = {}): Promise<boolean> {
  let provider = args.provider;
  if (!provider) {
    const items = await Promise.all(KEYED_PROVIDERS.map(async (p) => ({
      label: p,
      description: (await ctx.vault.has(p)) ? 'key stored ✓' : `falls back to ${envVarFor(p)}`,
    })));
    provider = (await vscode.window.showQuickPick(items, { title: 'Microfactory: Set API Key', placeHolder: 'Which provider?' }))?.label;
  }
  if (!provider) return false;
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
  if (key.trim() === '') {
    await ctx.vault.delete(provider);
    ctx.log.info(`API key for ${provider} removed from secret storage`);
    void vscode.window.showInformationMessage(`Microfactory: removed the stored ${provider} key.`);
    return true;
  }
  await ctx.vault.set(provider, key);
  // Log the fact, never the value.
  ctx.log.info(`API key for ${provider} stored in secret storage`);
  void vscode.window.showInformationMessage(`Microfactory: ${provider} key stored securely.`);
  return true;
}

export function registerKeyCommands(ctx: MicrofactoryContext): vscode.Disposable {
  return register(ctx, 'microfactory.setApiKey', (args?: SetKeyArgs) => setApiKey(ctx, args ?? {}));
}
