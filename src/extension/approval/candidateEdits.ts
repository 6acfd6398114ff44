// "Edit" on a paused candidate: each file it changes opens as an editable document beside the
// file as it is (a diff whose right side you type in). The documents live in memory under the
// microfactory-edit: scheme, so they can be saved (no "save changes?" prompt when they close)
// and never touch the workspace until "Approve my edit" applies them as one WorkspaceEdit.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ChangeSet } from '../../engine/model';
import type { CandidateDocuments, CandidateRef } from '../diff/candidateDocs';

export const EDIT_SCHEME = 'microfactory-edit';

interface Edit {
  stepId: string;
  changeSet: ChangeSet;
  /** Per file of the change set: its document (created or deleted files have none). */
  uris: (vscode.Uri | undefined)[];
}

export class CandidateEdits implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly files = new Map<string, Uint8Array>();
  private readonly edits = new Map<string, Edit>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  /** Opens one editable document per changed file, each in a diff against the file as it is. */
  async open(docs: CandidateDocuments, ref: CandidateRef, cs: ChangeSet): Promise<void> {
    docs.put(ref, cs);
    const uris = cs.files.map((f) => (f.after === null ? undefined : vscode.Uri.from({ scheme: EDIT_SCHEME, path: `/${ref.sessionId}/${ref.stepId}/${f.path.replace(/^\/+/, '')}` })));
    cs.files.forEach((f, i) => {
      if (uris[i] && !this.files.has(uris[i]!.toString())) this.files.set(uris[i]!.toString(), new TextEncoder().encode(f.after!));
    });
    this.edits.set(ref.sessionId, { stepId: ref.stepId, changeSet: cs, uris });
    for (let i = 0; i < cs.files.length; i++) {
      const uri = uris[i];
      if (!uri) continue;
      const title = `${cs.files[i].path}: as is ↔ your edit (Approve my edit when done)`;
      await vscode.commands.executeCommand('vscode.diff', docs.uri(ref, cs.files[i], i, 'before'), uri, title, { preview: false });
    }
  }

  /** The session an edit document belongs to. */
  sessionOf(uri: { scheme: string; toString(): string }): string | undefined {
    if (uri.scheme !== EDIT_SCHEME) return undefined;
    for (const [id, e] of this.edits) if (e.uris.some((u) => u?.toString() === uri.toString())) return id;
    return undefined;
  }

  has(sessionId: string): boolean {
    return this.edits.has(sessionId);
  }

  /** The candidate's change set with the human's text (unsaved typing included), or undefined when no edit is open. */
  async edited(sessionId: string): Promise<{ stepId: string; changeSet: ChangeSet } | undefined> {
    const e = this.edits.get(sessionId);
    if (!e) return undefined;
    const files = await Promise.all(
      e.changeSet.files.map(async (f, i) => {
        const uri = e.uris[i];
        if (!uri) return f;
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        // Saved into memory so the tab closes without a "save changes?" question.
        if (doc?.isDirty) await doc.save();
        return { ...f, after: doc ? doc.getText() : new TextDecoder().decode(this.files.get(uri.toString())) };
      }),
    );
    return { stepId: e.stepId, changeSet: { ...e.changeSet, files, applied: false } };
  }

  /** Forgets a session's edit (after a decision); its tabs are closed by the caller. */
  async discard(sessionId: string): Promise<void> {
    const e = this.edits.get(sessionId);
    if (!e) return;
    for (const uri of e.uris) {
      const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
    }
    this.edits.delete(sessionId);
    for (const uri of e.uris) if (uri) this.files.delete(uri.toString());
  }

  // ---------- FileSystemProvider (in memory) ----------
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const data = this.files.get(uri.toString());
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: data.byteLength };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    // Edit documents are flat: nothing to create.
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.toString());
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    // Only the documents `open` made: an edit cannot create files elsewhere in this scheme.
    if (!this.files.has(uri.toString())) throw vscode.FileSystemError.NoPermissions(`${path.posix.basename(uri.path)} is not a candidate being edited`);
    this.files.set(uri.toString(), content);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('candidate edits cannot be renamed');
  }

  dispose(): void {
    this.changed.dispose();
    this.files.clear();
    this.edits.clear();
  }
}
