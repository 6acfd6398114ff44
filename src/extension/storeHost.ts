// Owns the extension's one session store: `<globalStorage>/sessions.sqlite3`, the same file
// the bundled CLI uses in the integrated terminal (the launcher sets MICROFACTORY_HOME to this
// folder). Opened on first use, not at activation, because opening loads sql.js (WASM).
// Other processes (the CLI) write to it too: the store polls its file while we listen
// (src/store/changeWatch.ts), reloads it after another process's checkpoint and tells us, which
// becomes onDidChangeExternally. One poll of the file, the store's: we do not watch it again here.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBackend, type HostStore } from './backend';
import { DisposableStore, debounce, toDisposable } from './disposables';
import { engineLogger } from './logger';

export class StoreHost implements vscode.Disposable {
  private opening: Promise<HostStore> | undefined;
  private store: HostStore | undefined;
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<void>());
  /** Another process changed the store (after it has been reloaded here). */
  readonly onDidChangeExternally = this.changed.event;
  private readonly opened = this.disposables.add(new vscode.EventEmitter<HostStore>());
  /** The store was opened (fires once, before any external change is reported). */
  readonly onDidOpen = this.opened.event;

  constructor(
    readonly dir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get filePath(): string {
    return path.join(this.dir, 'sessions.sqlite3');
  }

  /** The store if it is already open; never triggers loading (for cheap UI paths). */
  peek(): HostStore | undefined {
    return this.store;
  }

  open(): Promise<HostStore> {
    this.opening ??= this.doOpen().catch((err: unknown) => {
      // Let a later call retry (e.g. after the user freed a locked file).
      this.opening = undefined;
      throw err;
    });
    return this.opening;
  }

  private async doOpen(): Promise<HostStore> {
    const t0 = performance.now();
    fs.mkdirSync(this.dir, { recursive: true });
    const backend = await loadBackend();
    const store = await backend.openStore(this.filePath, engineLogger(this.log));
    this.store = store;
    this.opened.fire(store);
    this.log.info(`Session store opened in ${Math.round(performance.now() - t0)} ms: ${this.filePath}`);
    this.watch(store);
    return store;
  }

  private watch(store: HostStore): void {
    const fire = this.disposables.add(debounce(150, () => this.changed.fire()));
    this.disposables.add(toDisposable(store.onExternalChange(() => fire.trigger())));
  }

  dispose(): void {
    this.disposables.dispose();
    const store = this.store;
    this.store = undefined;
    // Close flushes the last checkpoint; deactivate awaits closeAsync() when it can.
    void store?.close().catch((err: unknown) => this.log.error(`Closing the session store failed: ${String(err)}`));
  }

  async closeAsync(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    this.disposables.dispose();
    await store?.close();
  }
}
