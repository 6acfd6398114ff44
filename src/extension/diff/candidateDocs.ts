// Read-only virtual documents for the two sides of a change set: "before" (the file as it is)
// and "after" (as the candidate would leave it), served under the microfactory-candidate:
// scheme. Virtual documents can't be edited or saved, which is exactly what a review needs;
// the path part of the URI is the real file path so tabs get the right name and language.
import * as vscode from 'vscode';
import type { CandidateRef } from '../../app/candidates';
import { CANDIDATE_SCHEME, parseRefKey, refKey } from '../approval/contextKeys';
import type { ChangeSet, FileChange } from '../../engine/model';

export { CANDIDATE_SCHEME, parseRefKey, refKey };

export type Side = 'before' | 'after';

export type { CandidateRef };

export class CandidateDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sets = new Map<string, ChangeSet>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** resolve recomputes a change set that is not in memory (e.g. after a window reload). */
  constructor(private readonly resolve: (ref: CandidateRef) => Promise<ChangeSet | undefined>) {}

  put(ref: CandidateRef, cs: ChangeSet): void {
    const key = refKey(ref);
    this.sets.set(key, cs);
    cs.files.forEach((f, i) => {
      this.changed.fire(this.uri(ref, f, i, 'before'));
      this.changed.fire(this.uri(ref, f, i, 'after'));
    });
  }

  uri(ref: CandidateRef, file: FileChange, index: number, side: Side): vscode.Uri {
    const query = new URLSearchParams({ ref: refKey(ref), i: String(index), side });
    return vscode.Uri.from({ scheme: CANDIDATE_SCHEME, path: '/' + file.path.replace(/^\/+/, ''), query: query.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const key = q.get('ref') ?? '';
    const ref = parseRefKey(key);
    if (!ref) return '';
    let cs = this.sets.get(key);
    if (!cs) {
      cs = await this.resolve(ref);
      if (cs) this.sets.set(key, cs);
    }
    const file = cs?.files[Number(q.get('i'))];
    if (!file) return '';
    // A created file has no "before", a deleted one no "after": show them as empty.
    return (q.get('side') === 'before' ? file.before : file.after) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.sets.clear();
  }
}
