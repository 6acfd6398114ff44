// What activate() returns: a small, read-mostly API for other extensions and for the
// integration suite (which runs in the same extension host and checks the real objects).
import type * as vscode from 'vscode';
import type { EngineEvent } from '../engine/events';
import type { MicrofactoryContext } from './context';
import type { HostStore } from './backend';
import type { McpRegistration } from './mcpServer';
import type { PanelData } from './panel/panelData';
import type { SessionsTreeProvider } from './tree/sessionsProvider';

export interface MicrofactoryApi {
  /** Time spent in activate(), ms. */
  readonly activationMs: number;
  /** The folder the launcher gives the CLI as MICROFACTORY_HOME. */
  readonly storeDir: string;
  readonly storePath: string;
  /** The `microfactory` launcher put on the terminal's PATH. */
  readonly launcherPath: string;
  readonly sessions: SessionsTreeProvider;
  readonly onEvent: vscode.Event<EngineEvent>;
  openStore(): Promise<HostStore>;
  /** The last data a session panel rendered (undefined when no panel is open for it). */
  panelData(sessionId: string): PanelData | undefined;
  /** The open panel of a session, if any. */
  panel(sessionId: string): vscode.WebviewPanel | undefined;
  /** The panel serializer VS Code calls after a window reload. */
  readonly panelSerializer: vscode.WebviewPanelSerializer<{ sessionId?: string }>;
  /** The MCP server definition given to the editor (registered only where VS Code has the API). */
  readonly mcp: Pick<McpRegistration, 'registered' | 'definitions'>;
  /** Integration tests only: code-server runs with trust disabled, so the suite simulates Restricted Mode. */
  setTrustOverride(trusted: boolean | undefined): void;
}

export function createApi(ctx: MicrofactoryContext, activationMs: number, mcp: McpRegistration): MicrofactoryApi {
  return {
    activationMs,
    storeDir: ctx.store.dir,
    storePath: ctx.store.filePath,
    launcherPath: ctx.launcherPath,
    sessions: ctx.tree,
    onEvent: ctx.runs.onEvent,
    openStore: () => ctx.store.open(),
    panelData: (id) => ctx.panels.get(id)?.lastData,
    panel: (id) => ctx.panels.get(id)?.panel,
    panelSerializer: ctx.panels,
    mcp: { registered: mcp.registered, definitions: () => mcp.definitions() },
    setTrustOverride: (v) => ctx.trust.setOverride(v),
  };
}
