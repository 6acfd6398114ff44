// Entry point: only wiring (like VS Code's extensions/git). The context object owns every
// lifetime; commands are registered in their own files. Activation must stay cheap: nothing
// here loads sql.js, the engine or an SDK (they load on first use via backend.ts).
import * as vscode from 'vscode';
import { createApi, type MicrofactoryApi } from './api';
import { registerApprovalCommands } from './commands/approval';
import { registerCheckpointCommands } from './commands/checkpoints';
import { registerDecisionCommands } from './commands/decisions';
import { registerKeyCommands } from './commands/keys';
import { registerMiscCommands } from './commands/misc';
import { registerRunTask } from './commands/runTask';
import { registerSessionCommands } from './commands/sessions';
import { registerTidyCommands } from './commands/tidy';
import { MicrofactoryContext } from './context';
import { registerMcpServer } from './mcpServer';

let current: MicrofactoryContext | undefined;

export function activate(extension: vscode.ExtensionContext): MicrofactoryApi {
  const t0 = performance.now();
  const ctx = new MicrofactoryContext(extension);
  current = ctx;
  const mcp = registerMcpServer({ extensionPath: extension.extensionPath, storeDir: ctx.store.dir, trust: ctx.trust, folder: () => ctx.workspaceFolder()?.uri.fsPath });
  extension.subscriptions.push(
    ctx,
    mcp,
    registerRunTask(ctx),
    ...registerSessionCommands(ctx),
    ...registerTidyCommands(ctx),
    ...registerApprovalCommands(ctx),
    ...registerDecisionCommands(ctx),
    registerKeyCommands(ctx),
    ...registerCheckpointCommands(ctx),
    ...registerMiscCommands(ctx),
  );
  const ms = performance.now() - t0;
  ctx.log.info(`Activated in ${ms.toFixed(1)} ms (no telemetry is collected)`);
  return createApi(ctx, ms, mcp);
}

export async function deactivate(): Promise<void> {
  // Runs still going are cancelled and saved (resumable) before the store's last checkpoint.
  await current?.shutdown();
  current = undefined;
}
