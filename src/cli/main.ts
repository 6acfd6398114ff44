// The `microfactory` command. Each command lives in commands/; this file only dispatches and
// turns errors into one clear line and an exit code: 2 for usage/config errors (no stack trace),
// 1 for anything else.
import { isUserError } from '../app/errors';
import { own } from '../engine/own';
import { checkCommand } from './commands/check';
import { doctorCommand } from './commands/doctor';
import { domainsCommand } from './commands/domains';
import { estimateCommand } from './commands/estimate';
import { exportCommand } from './commands/export';
import { archiveCommand, deleteCommand, unarchiveCommand } from './commands/manage';
import { planCommand } from './commands/plan';
import { resumeCommand, runCommand } from './commands/run';
import { statusCommand } from './commands/status';
import { subprocessCommand } from './commands/subprocess';
import { VALUE_FLAGS } from './commandFlags';
import { cliContext, type CliContext } from './context';
import { quietOnBrokenPipe } from './pipes';
import { splitGlobals, type GlobalFlags } from './globals';
import { helpCommand, topicText } from './help';
import { apiKeysIn, cliView } from './observe';

const COMMANDS: Record<string, (argv: string[], cli: CliContext) => Promise<number>> = {
  run: runCommand,
  resume: resumeCommand,
  status: statusCommand,
  delete: deleteCommand,
  archive: archiveCommand,
  unarchive: unarchiveCommand,
  doctor: doctorCommand,
  subprocess: subprocessCommand,
  plan: (argv) => planCommand(argv),
  export: exportCommand,
  check: checkCommand,
  domains: domainsCommand,
  estimate: estimateCommand,
  serve: (argv, cli) => import('./commands/serve').then((m) => m.serveCommand(argv, cli)),
  mcp: (argv, cli) => import('./commands/mcp').then((m) => m.mcpCommand(argv, cli)),
  help: (argv) => helpCommand(argv),
};

const USAGE = topicText('overview');

export async function main(argv: string[]): Promise<number> {
  let split: { argv: string[]; globals: GlobalFlags };
  try {
    split = splitGlobals(argv, VALUE_FLAGS);
  } catch (e) {
    process.stderr.write(`microfactory: ${(e as Error).message}\n`);
    return 2;
  }
  const [command, ...rest] = split.argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write('microfactory 0.1.0\n');
    return 0;
  }
  const run = own(COMMANDS, command);
  if (!run) {
    process.stderr.write(`microfactory: unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  const cli = cliContext(cliView(split.globals, { secrets: apiKeysIn(rest) }));
  try {
    return await run(rest, cli);
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`microfactory ${command}: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`microfactory ${command}: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.MICROFACTORY_LOG === 'debug' || split.globals.verbose) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  } finally {
    await cli.close().catch((e) => process.stderr.write(`microfactory: closing the store failed: ${(e as Error).message}\n`));
  }
}

if (require.main === module) {
  quietOnBrokenPipe(process.stdout);
  quietOnBrokenPipe(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`microfactory: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
