// The MCP server definition the extension gives VS Code, as plain data (no vscode import, so a
// unit test can start exactly this server): the bundled CLI's `microfactory mcp` on VS Code's own
// runtime, on the extension's store, untrusted when the workspace is.
import * as path from 'node:path';

/** A stdio server definition (what VS Code's McpStdioServerDefinition carries). */
export interface McpServerSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export function mcpServerSpec(o: { execPath: string; extensionPath: string; storeDir: string; trusted: boolean; cwd?: string }): McpServerSpec {
  return {
    label: 'Microfactory',
    command: o.execPath,
    // Restricted Mode: the server writes nothing, runs no verifier and refuses approving a write.
    args: [path.join(o.extensionPath, 'dist', 'cli.js'), 'mcp', ...(o.trusted ? [] : ['--untrusted'])],
    // Never a key: VS Code caches definitions. The server reads keys as the CLI does.
    env: { ELECTRON_RUN_AS_NODE: '1', MICROFACTORY_HOME: o.storeDir },
    cwd: o.cwd,
  };
}
