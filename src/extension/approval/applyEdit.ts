// Applies an approved change set as ONE WorkspaceEdit, so a single Undo takes it back and the
// user's open editors, dirty buffers and file watchers all see a normal edit. Documents are
// saved afterwards because the engine (its verifier) reads the files from disk.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ChangeSet } from '../../engine/model';

export interface ApplyResult {
  applied: boolean;
  /** Files whose current text is not the change set's `before` (edited since planning). */
  conflicts: string[];
}

const normalize = (s: string): string => s.replace(/\r\n/g, '\n');

/** Paths come from a model's output via the planner; confine them to the folder regardless. */
function target(root: vscode.Uri, rel: string): vscode.Uri {
  const abs = path.resolve(root.fsPath, rel);
  const rootAbs = path.resolve(root.fsPath);
  if (abs !== rootAbs && !abs.startsWith(rootAbs + path.sep)) throw new Error(`Refusing to write outside the workspace: ${rel}`);
  return vscode.Uri.file(abs);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Lists files whose content no longer matches `before` (includes unsaved editor changes). */
export async function findConflicts(root: vscode.Uri, cs: ChangeSet): Promise<string[]> {
  const conflicts: string[] = [];
  for (const f of cs.files) {
    const uri = target(root, f.path);
    if (f.before === null) {
      if (await exists(uri)) conflicts.push(f.path);
      continue;
    }
    if (!(await exists(uri))) {
      conflicts.push(f.path);
      continue;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    if (normalize(doc.getText()) !== normalize(f.before)) conflicts.push(f.path);
  }
  return conflicts;
}

export async function applyChangeSetAsEdit(root: vscode.Uri, cs: ChangeSet, opts: { force?: boolean } = {}): Promise<ApplyResult> {
  const conflicts = await findConflicts(root, cs);
  if (conflicts.length && !opts.force) return { applied: false, conflicts };
  const edit = new vscode.WorkspaceEdit();
  const toSave: vscode.Uri[] = [];
  for (const f of cs.files) {
    const uri = target(root, f.path);
    const metadata: vscode.WorkspaceEditEntryMetadata = { label: `Microfactory: ${f.path}`, needsConfirmation: false };
    if (f.after === null) {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
    } else if (f.before === null && !(await exists(uri))) {
      edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(f.after) }, metadata);
    } else {
      const doc = await vscode.workspace.openTextDocument(uri);
      const whole = doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
      edit.replace(uri, whole, f.after, metadata);
      toSave.push(uri);
    }
  }
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) return { applied: false, conflicts };
  for (const uri of toSave) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
  }
  return { applied: true, conflicts };
}
