// The `microfactory.*` settings as the editor holds them, handed to the pure mapping in
// settingsValues.ts (tested without VS Code).
import * as vscode from 'vscode';
import type { RunOverrides } from '../app/api';
import { configPathFor, overridesFromSettings } from './settingsValues';

export const SECTION = 'microfactory';

export function readOverrides(scope?: vscode.Uri): RunOverrides {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  return overridesFromSettings((k) => cfg.get(k));
}

/** See configPathFor: the setting, else the folder's own config.yaml, else the bundled one. */
export function resolveConfigPath(folder: vscode.Uri | undefined): string | undefined {
  const cfg = vscode.workspace.getConfiguration(SECTION, folder);
  return configPathFor((k) => cfg.get(k), folder);
}

/** A setting's value only when the user set it somewhere (user, workspace or folder), else undefined. */
export function explicitSetting<T>(key: string, scope?: vscode.Uri): T | undefined {
  const i = vscode.workspace.getConfiguration(SECTION, scope).inspect<T>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}
