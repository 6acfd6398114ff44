// Show Logs and Open Config. Open Config opens the config.yaml runs use; when the workspace
// has none it offers to copy the bundled one into the folder (editing the bundled file in
// place would be lost on the next extension update), or to view it read-only.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MicrofactoryContext } from '../context';
import { resolveConfigPath } from '../settings';
import { register } from './register';

async function openConfig(ctx: MicrofactoryContext): Promise<string | undefined> {
  const folder = ctx.workspaceFolder();
  const existing = resolveConfigPath(folder?.uri);
  if (existing) {
    await vscode.window.showTextDocument(vscode.Uri.file(existing));
    return existing;
  }
  const bundled = path.join(ctx.extension.extensionPath, 'config.yaml');
  const choices = folder ? ['Copy to Workspace', 'View Bundled'] : ['View Bundled'];
  const pick = await vscode.window.showInformationMessage(
    'Microfactory: this workspace has no config.yaml, so runs use the bundled domains (code, analysis, hanoi).',
    ...choices,
  );
  if (pick === 'Copy to Workspace' && folder) {
    const target = path.join(folder.uri.fsPath, 'config.yaml');
    fs.copyFileSync(bundled, target, fs.constants.COPYFILE_EXCL);
    // Templates are referenced relative to the config: copy them too so the copy works as is.
    const templates = path.join(ctx.extension.extensionPath, 'templates');
    if (fs.existsSync(templates) && !fs.existsSync(path.join(folder.uri.fsPath, 'templates'))) {
      fs.cpSync(templates, path.join(folder.uri.fsPath, 'templates'), { recursive: true });
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target));
    return target;
  }
  if (pick === 'View Bundled') {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(bundled));
    await vscode.window.showTextDocument(doc, { preview: true });
    return bundled;
  }
  return undefined;
}

export function registerMiscCommands(ctx: MicrofactoryContext): vscode.Disposable[] {
  return [
    register(ctx, 'microfactory.showLogs', () => ctx.log.show(true)),
    register(ctx, 'microfactory.openConfig', () => openConfig(ctx)),
  ];
}
