// `microfactory mcp`: an MCP server over stdio for agents (Copilot's agent mode, Claude Code,
// Cline). Runs until the client closes its end (or SIGINT/SIGTERM), then cancels the runs it
// started (saved as cancelled, resumable) and returns 0; main() closes the store.
import { UsageError } from '../../app/options';
import { startStdioServer } from '../../mcp/server';
import { num, parse } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { topicText } from '../help';
import { help } from './run';

export async function mcpCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.mcp);
  if (v.help) return help(topicText('mcp'));
  // stdout is the protocol channel: anything else written there breaks the client's parser.
  if (cli.view.globals.logJson || cli.view.globals.inspect) throw new UsageError('--log-json and --inspect write to stdout, which carries the MCP protocol; use -v (stderr) or the session logs');
  const maxRuns = num(v['max-runs'], 'max-runs', { int: true, min: 1, max: 100 });
  const store = await cli.store();
  const server = await startStdioServer({
    store,
    resourceRoot: cli.resourceRoot,
    log: cli.log,
    trusted: v.untrusted !== true,
    maxRuns,
    onEvent: cli.view.onEvent,
    onLlmCall: cli.view.onLlmCall,
  });
  cli.log.info(`microfactory mcp: serving on stdio${v.untrusted ? ' (untrusted workspace: nothing is written)' : ''}`);
  let off = (): unknown => undefined;
  const signalled = new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (): void => {
      if (++signals > 1) process.exit(130); // a second signal: the user does not want to wait
      resolve();
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    off = () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  });
  try {
    await Promise.race([server.closed, signalled]);
    await server.close();
  } finally {
    off();
  }
  return 0;
}
