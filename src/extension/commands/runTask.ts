// "Microfactory: Run Task": the task (input box), the domain (quick pick), then a run against
// the workspace folder as the repository, with progress and Cancel. Arguments skip the
// prompts (walkthrough links, tests): { prompt, domain, folder, overrides }.
import * as vscode from 'vscode';
import type { RunOutcome, RunOverrides } from '../../app/api';
import type { MicrofactoryContext } from '../context';
import { definedOnly, loadBackend } from '../backend';
import { pickDomain } from '../domains';
import { readOverrides, resolveConfigPath } from '../settings';
import { UNTRUSTED_REASON } from '../trust';
import { register } from './register';

export interface RunTaskArgs {
  prompt?: string;
  domain?: string;
  /** Workspace folder path or name; default: the only (or active) folder. */
  folder?: string;
  overrides?: RunOverrides;
}

async function runTask(ctx: MicrofactoryContext, args: RunTaskArgs = {}): Promise<RunOutcome | undefined> {
  const folder = ctx.workspaceFolder(args.folder);
  const prompt = args.prompt ?? (await vscode.window.showInputBox({
    title: 'Microfactory: Run Task (1/2)',
    prompt: 'What should Microfactory do? It splits the task into tiny steps, samples each several times and votes.',
    placeHolder: 'e.g. Add input validation to src/api.ts, or: Solve Towers of Hanoi with 4 disks',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the task'),
  }));
  if (!prompt?.trim()) return undefined;
  const configPath = args.overrides?.configPath ?? resolveConfigPath(folder?.uri);
  const settings = readOverrides(folder?.uri);
  const domain = args.domain ?? (await pickDomain(configPath, ctx.extension.extensionPath, folder?.uri, args.overrides?.provider ?? settings.provider));
  if (!domain) return undefined;
  const flow = await flowOf(domain, configPath, ctx.extension.extensionPath);
  if (!ctx.trust.isTrusted) void vscode.window.showWarningMessage(`Microfactory: ${UNTRUSTED_REASON}`);
  const overrides: RunOverrides = definedOnly({
    ...settings,
    configPath,
    repoPath: folder?.uri.fsPath,
    disks: (flow === 'chain' ? disksInPrompt(prompt) : undefined) ?? settings.disks,
    ...args.overrides,
  });
  if (!overrides.repoPath && flow === 'tree') {
    // Without a folder the facade would fall back to the extension host's cwd: never write there.
    throw new Error(`The ${domain} domain changes a repository: open its folder first (File > Open Folder).`);
  }
  return ctx.start({ ...overrides, prompt: prompt.trim(), domain });
}

async function flowOf(domain: string, configPath: string | undefined, resourceRoot: string): Promise<string | undefined> {
  const domains = await (await loadBackend()).listDomains(configPath, resourceRoot);
  return domains.find((d) => d.name === domain)?.flow;
}

/** "Solve Towers of Hanoi with 5 disks" means 5 disks, whatever the config's default (chain domains). */
export function disksInPrompt(prompt: string): number | undefined {
  const m = /\b(\d{1,2})\s*disks?\b/i.exec(prompt);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 30 ? n : undefined;
}

export function registerRunTask(ctx: MicrofactoryContext): vscode.Disposable {
  return register(ctx, 'microfactory.runTask', (args?: RunTaskArgs) => runTask(ctx, args ?? {}));
}
