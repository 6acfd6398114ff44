// The domain quick pick of Run Task: the workspace's own config.yaml domains when it has one,
// else the bundled ones (code, analysis, hanoi). Each item says its flow and models, and
// whether it needs an API key, so a first-time user can see that hanoi runs with none.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DomainSummary } from '../app/session';
import { loadBackend } from './backend';

const KEYLESS = new Set(['simulated', 'scripted']);
/** The facade's provider when neither the agent nor the settings name one. */
const DEFAULT_PROVIDER = 'simulated';

/** "simulated: gpt-4.1-mini" or "anthropic: claude-sonnet-4-5, gemini: gemini-2.5-flash". */
function modelsOf(d: DomainSummary, provider: string | undefined): string {
  const seen = new Set<string>();
  for (const a of Object.values(d.agents)) seen.add(`${a.provider ?? provider ?? DEFAULT_PROVIDER}: ${a.model}`);
  return [...seen].join(', ');
}

/** What the user must know before picking: the simulated model only plays chain (Hanoi) tasks. */
function hint(d: DomainSummary, provider: string | undefined): string {
  const providers = Object.values(d.agents).map((a) => a.provider ?? provider ?? DEFAULT_PROVIDER);
  if (d.flow === 'tree' && providers.includes('simulated')) return ' · needs a real model: set Microfactory › Provider';
  return providers.every((p) => KEYLESS.has(p)) ? ' · no API key needed' : '';
}

/** `provider` is the settings' provider (undefined: each agent's, else the simulated model). */
export async function pickDomain(configPath: string | undefined, resourceRoot: string, folder?: vscode.Uri, provider?: string): Promise<string | undefined> {
  const domains = await (await loadBackend()).listDomains(configPath, resourceRoot);
  const source = configPath ? (folder ? path.relative(folder.fsPath, configPath) || configPath : configPath) : 'bundled config';
  const pick = await vscode.window.showQuickPick(
    domains.map((d) => ({
      label: d.name,
      description: `${d.flow} flow${hint(d, provider)}`,
      detail: modelsOf(d, provider),
      name: d.name,
    })),
    { title: 'Microfactory: Run Task (2/2)', placeHolder: `Pick a domain (from ${source})`, matchOnDetail: true, ignoreFocusOut: true },
  );
  return pick?.name;
}
