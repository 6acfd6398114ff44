// Registers Microfactory as an MCP server with the editor (contributes.mcpServerDefinitionProviders
// + vscode.lm.registerMcpServerDefinitionProvider), so Copilot's agent mode and any other MCP
// client inside VS Code list its tools without configuration. The server is the bundled CLI's
// `microfactory mcp`, run with VS Code's own runtime (ELECTRON_RUN_AS_NODE) on the extension's
// store, as the terminal launcher does: one set of sessions for the editor, terminals and agents.
//
// The API arrived in VS Code 1.101; engines.vscode stays at 1.90 and the provider is registered
// only where the API exists (feature-detected), because everything else works on 1.90 and the
// editors built on older VS Code releases would otherwise lose the whole extension.
//
// No API key goes into the definition: VS Code caches server definitions, and a key must not land
// in that cache. The server reads keys as the CLI does (environment, ~/.env).
import * as vscode from 'vscode';
import { mcpServerSpec, type McpServerSpec } from './mcpSpec';

export const MCP_PROVIDER_ID = 'microfactory.mcp';
export type { McpServerSpec };

/** The slice of VS Code >= 1.101's MCP API used here; @types/vscode stays at engines.vscode. */
interface McpProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[];
}
interface McpLm {
  registerMcpServerDefinitionProvider(id: string, provider: McpProvider): vscode.Disposable;
}
type StdioDefinition = new (label: string, command: string, args?: string[], env?: Record<string, string>, version?: string) => { cwd?: vscode.Uri };

export interface McpRegistration extends vscode.Disposable {
  /** false where the editor has no MCP server API (VS Code before 1.101, some forks). */
  readonly registered: boolean;
  /** The definitions the provider gives VS Code now. */
  definitions(): McpServerSpec[];
}

export interface McpHost {
  extensionPath: string;
  storeDir: string;
  trust: { readonly isTrusted: boolean; readonly onDidChange: vscode.Event<boolean> };
  /** The folder a run targets by default (the server's working directory). */
  folder(): string | undefined;
}

export function registerMcpServer(host: McpHost, api: { lm?: unknown; McpStdioServerDefinition?: unknown } = vscode as never): McpRegistration {
  const spec = (): McpServerSpec => mcpServerSpec({ execPath: process.execPath, extensionPath: host.extensionPath, storeDir: host.storeDir, trusted: host.trust.isTrusted, cwd: host.folder() });
  const lm = api.lm as Partial<McpLm> | undefined;
  const Stdio = api.McpStdioServerDefinition as StdioDefinition | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof Stdio !== 'function') {
    return { registered: false, definitions: () => [spec()], dispose: () => undefined };
  }
  const changed = new vscode.EventEmitter<void>();
  const onTrust = host.trust.onDidChange(() => changed.fire());
  const onFolders = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  const provider: McpProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const s = spec();
      const d = new Stdio(s.label, s.command, s.args, s.env, '0.1.0');
      if (s.cwd) d.cwd = vscode.Uri.file(s.cwd);
      return [d];
    },
  };
  const reg = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  return {
    registered: true,
    definitions: () => [spec()],
    dispose: () => {
      reg.dispose();
      onTrust.dispose();
      onFolders.dispose();
      changed.dispose();
    },
  };
}
