// Disposable helpers in the style of VS Code's extensions/git: every listener, watcher, timer
// and panel the extension creates is owned by something that disposes it, so deactivation
// (and a test that disposes the context) leaves nothing running.
import * as vscode from 'vscode';

/** A bag of disposables that disposes them in reverse order, once. */
export class DisposableStore implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) {
      // Adding after disposal would leak: dispose at once instead.
      d.dispose();
    } else {
      this.items.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.items.reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
    this.items = [];
  }
}

export function toDisposable(fn: () => void): vscode.Disposable {
  return new vscode.Disposable(fn);
}

/**
 * Coalesces bursts (an engine emits several events per sample) into one call after `ms`,
 * so the tree and the panel redraw a few times a second at most, not once per event.
 */
export function debounce(ms: number, fn: () => void): { trigger(): void } & vscode.Disposable {
  let h: NodeJS.Timeout | undefined;
  return {
    trigger() {
      if (h) return;
      h = setTimeout(() => {
        h = undefined;
        fn();
      }, ms);
    },
    dispose() {
      if (h) clearTimeout(h);
      h = undefined;
    },
  };
}
