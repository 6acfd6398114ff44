// "Microfactory: Run Task": the task (input box), the domain (quick pick), then a run against
// the workspace folder as the repository, with progress and Cancel. Arguments skip the
// prompts (walkthrough links, tests): { prompt, domain, folder, overrides }.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { RunOutcome, RunOverrides, RunRequest } from '../../app/api';
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

/** workspaceState key: the domain of the last Run Task in this workspace (the picker's fallback). */
const LAST_DOMAIN = 'microfactory.lastDomain';

async function runTask(ctx: MicrofactoryContext, args: RunTaskArgs = {}): Promise<RunOutcome | undefined> {
  const folder = ctx.workspaceFolder(args.folder);
  const configPath = args.overrides?.configPath ?? resolveConfigPath(folder?.uri);
  // A broken config is told now, once, at its line: not after the task was typed.
  if (configPath && (await ctx.configDiagnostics.check(configPath, true))) return undefined;
  const prompt = args.prompt ?? (await vscode.window.showInputBox({
    title: 'Microfactory: Run Task (1/2)',
    prompt: 'What should Microfactory do? It splits the task into tiny steps, samples each several times and votes.',
    placeHolder: 'e.g. Add input validation to src/api.ts, or: Solve Towers of Hanoi with 4 disks',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the task'),
  }));
  if (!prompt?.trim()) return undefined;
  const settings = readOverrides(folder?.uri);
  const domain = args.domain ?? (await pickDomain({
    configPath, resourceRoot: ctx.extension.extensionPath, folder: folder?.uri, prompt, vault: ctx.vault,
    run: { provider: args.overrides?.provider ?? settings.provider, model: args.overrides?.model ?? settings.model },
    last: ctx.extension.workspaceState.get<string>(LAST_DOMAIN),
  }));
  if (!domain) return undefined;
  await ctx.extension.workspaceState.update(LAST_DOMAIN, domain);
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
  const req = { ...overrides, prompt: prompt.trim(), domain };
  try {
    return await ctx.start(req);
  } catch (err) {
    if ((err as Error).name !== 'DirtyWorkspaceError' || !overrides.repoPath) throw err;
    return offerStash(ctx, req, overrides.repoPath, err as Error & { paths?: string[] });
  }
}

/**
 * The folder has uncommitted changes: one click stashes them (git stash -u, so nothing is lost
 * and `git stash pop` brings it back) and runs, or runs on top of them this once. The setting
 * microfactory.allowDirty makes the second choice permanent.
 */
async function offerStash(ctx: MicrofactoryContext, req: RunRequest, repoPath: string, err: Error & { paths?: string[] }): Promise<RunOutcome | undefined> {
  const files = err.paths ?? [];
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
  const stash = 'Stash and Run';
  const anyway = 'Run Anyway';
  const pick = await vscode.window.showWarningMessage(
    `Microfactory: ${path.basename(repoPath)} has uncommitted changes (${shown}). Stash them first, so the run's changes stay apart from yours? (Setting: Microfactory › Allow Dirty)`,
    stash,
    anyway,
  );
  if (pick === stash) {
    await (await loadBackend()).stashAll(repoPath, `microfactory: before "${req.prompt.slice(0, 60)}"`);
    ctx.log.info(`Stashed the uncommitted changes of ${repoPath} (git stash pop brings them back)`);
    return ctx.start(req);
  }
  if (pick === anyway) return ctx.start({ ...req, allowDirty: true });
  return undefined;
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
