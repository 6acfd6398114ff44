// Workspace Trust. In an untrusted (Restricted Mode) workspace Microfactory still decomposes,
// samples and votes, and shows the change sets it would make, but it never writes a file nor
// runs a verifier command: those are exactly the two things a hostile repository could turn
// against the user. The facade gets trusted:false; the UI says why wherever it matters.
import * as vscode from 'vscode';

export const UNTRUSTED_REASON =
  'This workspace is not trusted (Restricted Mode): Microfactory plans and shows change sets but does not write files or run verifier commands. Trust the workspace to apply changes.';

export class Trust implements vscode.Disposable {
  private override: boolean | undefined;
  private readonly changed = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor() {
    this.sub = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire(this.isTrusted));
    void this.publish();
  }

  get isTrusted(): boolean {
    return this.override ?? vscode.workspace.isTrusted;
  }

  /**
   * For the integration suite only: code-server runs with --disable-workspace-trust, so the
   * suite cannot make a folder untrusted; everything downstream of this flag is the real path.
   */
  setOverride(value: boolean | undefined): void {
    this.override = value;
    void this.publish();
    this.changed.fire(this.isTrusted);
  }

  /** A context key so menus and the welcome view can say what Restricted Mode means. */
  private publish(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'microfactory.untrusted', !this.isTrusted);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
