// config.yaml problems where the user edits them: checked when the file is opened and saved
// (and once at start for each folder's config), put in the Problems view at their line, and
// told once per new problem in one notification with "Open at line" — not a modal plus a
// toast after the task was typed. Run Task asks here first, so a broken config stops it early.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { configErrorPosition, loadBackend } from './backend';
import { DisposableStore } from './disposables';
import { resolveConfigPath } from './settings';

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly collection = this.disposables.add(vscode.languages.createDiagnosticCollection('microfactory'));
  /** The problem last told per file, so one problem is one notification. */
  private readonly told = new Map<string, string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.add(vscode.workspace.onDidOpenTextDocument((d) => this.onDocument(d)));
    this.disposables.add(vscode.workspace.onDidSaveTextDocument((d) => this.onDocument(d)));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = resolveConfigPath(folder.uri);
      if (file) void this.check(file);
    }
    for (const d of vscode.workspace.textDocuments) this.onDocument(d);
  }

  private onDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !this.isRunConfig(doc.uri)) return;
    void this.check(doc.uri.fsPath);
  }

  /**
   * The config a folder's runs use: the configPath setting's file, or the folder's config.yaml
   * with a top-level `domains:` key (settingsValues.ts: "config.yaml" is a common name).
   */
  private isRunConfig(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const used = resolveConfigPath(folder.uri);
    return used !== undefined && path.resolve(used) === path.resolve(uri.fsPath);
  }

  /**
   * Validates `file`, updates its diagnostics and, when the problem is new (or `tell`), shows the
   * one notification. Returns the problem, or undefined when the config loads.
   */
  async check(file: string, tell = false): Promise<string | undefined> {
    let problem: string | undefined;
    try {
      problem = (await loadBackend()).configProblem(file);
    } catch (err) {
      this.log.error(`Checking ${file} failed: ${String(err)}`);
      return undefined;
    }
    const uri = vscode.Uri.file(file);
    if (!problem) {
      this.collection.delete(uri);
      this.told.delete(file);
      return undefined;
    }
    const at = configErrorPosition(problem, path.resolve(file));
    const pos = new vscode.Position(at.line - 1, at.col - 1);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), at.text, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Microfactory';
    this.collection.set(uri, [diagnostic]);
    if (tell || this.told.get(file) !== problem) {
      this.told.set(file, problem);
      this.log.warn(`Config problem: ${problem}`);
      void vscode.window.showErrorMessage(`Microfactory: ${path.basename(file)} line ${at.line}: ${at.text}`, 'Open at Line').then(async (pick) => {
        if (!pick) return;
        const editor = await vscode.window.showTextDocument(uri);
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
      });
    }
    return problem;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
