// Registers a command so that its failures are logged and shown (with Show Logs) instead of
// vanishing, while still rejecting for programmatic callers (tests, other extensions).
import * as vscode from 'vscode';
import type { MicrofactoryContext } from '../context';

export type Handler = (...args: any[]) => unknown;

export function register(ctx: MicrofactoryContext, id: string, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      ctx.log.error(`${id} failed: ${err instanceof Error ? err.stack ?? msg : msg}`);
      void vscode.window.showErrorMessage(`Microfactory: ${msg}`, 'Show Logs').then((pick) => {
        if (pick) ctx.log.show(true);
      });
      throw err;
    }
  });
}
