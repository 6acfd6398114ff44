// The `microfactory` command. Each command lives in commands/; this file only dispatches and
// turns errors into one clear line and an exit code: 2 for usage/config errors (no stack trace),
// 1 for anything else.
import { UsageError } from '../app/options';
import { ConfigError } from '../config/errors';
import { own } from '../engine/own';
import { LlmConfigError } from '../engine/ports';
import { checkCommand } from './commands/check';
import { domainsCommand } from './commands/domains';
import { estimateCommand } from './commands/estimate';
import { exportCommand } from './commands/export';
import { planCommand } from './commands/plan';
import { resumeCommand, runCommand } from './commands/run';
import { statusCommand } from './commands/status';
import { subprocessCommand } from './commands/subprocess';
import { cliContext, type CliContext } from './context';
import { quietOnBrokenPipe } from './pipes';

const COMMANDS: Record<string, (argv: string[], cli: CliContext) => Promise<number>> = {
  run: runCommand,
  resume: resumeCommand,
  status: statusCommand,
  subprocess: subprocessCommand,
  plan: (argv) => planCommand(argv),
  export: exportCommand,
  check: checkCommand,
  domains: domainsCommand,
  estimate: estimateCommand,
  serve: (argv, cli) => import('./commands/serve').then((m) => m.serveCommand(argv, cli)),
};

const USAGE = `microfactory — long tasks as many tiny voted steps (MAKER)

usage: microfactory <command> [options]      (--help on any command)

  run         start a session            resume      continue a paused or interrupted one
  status      list or inspect sessions   export      one JSON line per step
  subprocess  solve and vote one step    plan        k_min and expected cost (paper Eq. 14, 18)
  check       why a response is (not) red-flagged
  domains     validate config.yaml and list its domains
  estimate    a model's per-step error rate on random Hanoi steps, and the k and cost it implies
  serve       HTTP API and live events (SSE) for dashboards

Config: --config FILE, else ./config.yaml in the current folder, else the bundled one.
Sessions live in $MICROFACTORY_HOME/sessions.sqlite3 (default ~/.microfactory).
Example: microfactory run --domain hanoi --disks 10 --llm-provider simulated --error-rate 0.01`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
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
  const cli = cliContext();
  try {
    return await run(rest, cli);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof LlmConfigError) {
      process.stderr.write(`microfactory ${command}: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`microfactory ${command}: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.MICROFACTORY_LOG === 'debug') process.stderr.write(`${(e as Error).stack}\n`);
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
