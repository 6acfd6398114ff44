// The domain quick pick of Run Task: the workspace's own config.yaml domains when it has one,
// else the bundled ones (code, analysis, hanoi). Each item says what will actually run — the
// provider and model after the settings (domainChoice.ts) and whether its key is there — and
// the domain that fits the prompt (or the last one used) comes first, preselected.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { BUILTIN_PROVIDERS, keyStatus, loadBackend } from './backend';
import { preselectDomain, resolvedModels, type RunChoice } from './domainChoice';
import type { KeyVault } from './secrets';

/** What the user must know before picking: the simulated model only plays chain (Hanoi) tasks; a missing key. */
async function hint(flow: string, providers: string[], vault: KeyVault): Promise<string> {
  if (flow === 'tree' && providers.includes('simulated')) return ' · needs a real model: set Microfactory › Provider';
  const missing: string[] = [];
  for (const p of new Set(providers)) {
    if ((BUILTIN_PROVIDERS as readonly string[]).includes(p) && (await keyStatus(p, vault.lookup)).source === 'none') missing.push(p);
  }
  if (missing.length) return ` · no ${missing.join(', ')} key: run "Microfactory: Set API Key"`;
  return providers.every((p) => p === 'simulated' || p === 'scripted') ? ' · no API key needed' : '';
}

export interface PickDomainContext {
  configPath: string | undefined;
  resourceRoot: string;
  folder?: vscode.Uri;
  run: RunChoice;
  prompt: string;
  last?: string;
  vault: KeyVault;
}

export async function pickDomain(c: PickDomainContext): Promise<string | undefined> {
  const domains = await (await loadBackend()).listDomains(c.configPath, c.resourceRoot);
  const source = c.configPath ? (c.folder ? path.relative(c.folder.fsPath, c.configPath) || c.configPath : c.configPath) : 'bundled config';
  const preselected = preselectDomain(domains, { prompt: c.prompt, hasRepo: c.folder !== undefined, last: c.last });
  const items = await Promise.all(domains.map(async (d) => {
    const models = resolvedModels(d, c.run);
    return {
      label: d.name,
      description: `${d.flow} flow${d.name === preselected ? ' · suggested' : ''}${await hint(d.flow, models.map((m) => m.provider), c.vault)}`,
      detail: `runs: ${models.map((m) => m.label).join(', ')}`,
      name: d.name,
    };
  }));
  // The quick pick preselects its first item: the suggested domain goes first.
  items.sort((a, b) => Number(b.name === preselected) - Number(a.name === preselected));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Microfactory: Run Task (2/2)', placeHolder: `Pick a domain (from ${source})`, matchOnDetail: true, ignoreFocusOut: true,
  });
  return pick?.name;
}
