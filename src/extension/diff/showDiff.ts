// Opens a change set for review: one file → `vscode.diff` beside the editor without taking
// focus; several files → the multi-file changes view (`vscode.changes`), falling back to one
// diff per file where that command is missing.
import * as vscode from 'vscode';
import type { ChangeSet } from '../../engine/model';
import type { CandidateDocuments, CandidateRef } from './candidateDocs';

export async function showChangeSetDiff(
  docs: CandidateDocuments,
  ref: CandidateRef,
  cs: ChangeSet,
  label: string,
  root: vscode.Uri | undefined,
): Promise<void> {
  docs.put(ref, cs);
  const files = cs.files;
  if (files.length === 0) {
    void vscode.window.showInformationMessage(`Microfactory: ${label} changes no files.`);
    return;
  }
  const pair = (i: number): [vscode.Uri, vscode.Uri] => [docs.uri(ref, files[i], i, 'before'), docs.uri(ref, files[i], i, 'after')];
  const title = (i: number): string => {
    const f = files[i];
    const kind = f.before === null ? ' (new file)' : f.after === null ? ' (deleted)' : '';
    return `${f.path}${kind}: as is ↔ ${label}`;
  };
  // Beside the editor the user works in, which keeps keyboard focus (preserveFocus).
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  const options: vscode.TextDocumentShowOptions = { preserveFocus: true, preview: true, viewColumn: column };
  if (files.length === 1) {
    const [l, r] = pair(0);
    await vscode.commands.executeCommand('vscode.diff', l, r, title(0), options);
    return;
  }
  const resources = files.map((f, i) => {
    const real = root ? vscode.Uri.joinPath(root, f.path) : pair(i)[1];
    return [real, ...pair(i)] as [vscode.Uri, vscode.Uri, vscode.Uri];
  });
  try {
    await vscode.commands.executeCommand('vscode.changes', `Microfactory: ${label} (${files.length} files)`, resources);
  } catch {
    for (let i = 0; i < files.length; i++) {
      const [l, r] = pair(i);
      await vscode.commands.executeCommand('vscode.diff', l, r, title(i), options);
    }
  }
}
