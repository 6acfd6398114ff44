// An approved change is one WorkspaceEdit, so the editor's Undo takes it back; the session must
// then say so. After an Undo (or Redo) in a file that an applied step changed, the step's whole
// change set is compared with the files: all back at `before` marks the step undone, all at
// `after` again (a Redo) marks it applied. Anything in between is a human's edit: left alone.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changeSetSide, hasLiveChange } from './backend';
import { DisposableStore } from './disposables';
import { isUndone } from './format';
import type { StoreHost } from './storeHost';

/** Sessions looked at for an Undo: the recent ones (an approval is recent by nature). */
const RECENT = 20;

export class UndoWatcher implements vscode.Disposable {
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly store: StoreHost,
    private readonly onChanged: (sessionId: string) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.add(vscode.workspace.onDidChangeTextDocument((e) => {
      const reason = e.reason;
      if (reason === undefined || e.document.uri.scheme !== 'file') return;
      void this.check(e.document.uri.fsPath).catch((err: unknown) => this.log.error(`Undo check failed: ${String(err)}`));
    }));
  }

  private async check(file: string): Promise<void> {
    // Never opens the store for an edit: if it is closed, no approval happened in this window.
    const store = this.store.peek();
    if (!store) return;
    for (const s of store.listSessions({ limit: RECENT })) {
      const root = s.metadata.repoPath;
      if (s.flow !== 'tree' || !root || !file.startsWith(path.resolve(root) + path.sep)) continue;
      const rel = path.relative(root, file).split(path.sep).join('/');
      for (const st of store.getSteps(s.id, { limit: 5000 })) {
        const cs = st.changeSet;
        if (!cs || st.status !== 'completed' || !cs.files.some((f) => f.path === rel)) continue;
        if (!hasLiveChange(st) && !isUndone(st)) continue;
        const side = changeSetSide(cs, (p) => currentText(path.join(root, p)));
        const undone = side === 'before' && hasLiveChange(st);
        const redone = side === 'after' && isUndone(st);
        if (!undone && !redone) continue;
        cs.applied = redone;
        cs.rolledBack = undone;
        store.putStep(s.id, st);
        this.log.info(`Session ${s.id}: step ${st.id} ${undone ? 'undone in the editor' : 'applied again (redo)'}`);
        this.onChanged(s.id);
      }
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

/** What the user sees: an open document's text (saved or not), else the file on disk. */
function currentText(abs: string): string | null {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs);
  if (doc) return doc.getText();
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}
