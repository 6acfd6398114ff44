// `microfactory run` and `microfactory resume`: start or continue a session, show progress,
// print a summary (or --json), and exit 0 completed, 3 paused, 1 failed, 130 cancelled (Ctrl-C).
import type { RunHandle, RunOverrides } from '../../app/api';
import { UsageError } from '../../app/options';
import { resumeRun, startRun } from '../../app/session';
import { configFlag, parse, RUN_FLAGS, runOverrides, str } from '../args';
import type { CliContext } from '../context';
import { Progress } from '../progress';
import { printOutcome } from '../summary';
import { dryRunProbe } from './dryRun';

export const RUN_HELP = `microfactory run --prompt TEXT --domain NAME [options]

  --prompt TEXT             the task (for hanoi, any text)
  --domain NAME             a domain from config.yaml (code, analysis, hanoi, ...)
  --config FILE             config.yaml to use (default: ./config.yaml if there is one, else the bundled one)
  --llm-provider NAME       simulated (default), scripted, openai, anthropic, gemini, grok, openai-compatible
  --llm-model NAME          default model for agents that name no provider
  --api-key KEY             key for --llm-provider (else env, then ~/.env)
  --base-url URL            endpoint for --llm-provider (e.g. http://localhost:11434/v1 for Ollama)
  --samples N  --k N  --adaptive-k  --max-concurrent-llm N
  --repo-path DIR           repository a code run changes (default: current folder)
  --dry-run                 probe the model once; never write files or run the verifier
  --step-by-step            pause after each decomposition and solution
  --human-low-margin-threshold N  --human-red-flag-threshold N  --human-resample-threshold N   (0 disables)
  --budget-usd X            pause before a call would spend past X dollars
  --disks N  --error-rate P  --seed N  --latency-ms MS   (hanoi / simulated model)
  --script FILE             responses for --llm-provider scripted (YAML or JSON, per role)
  --allow-dirty  --commit   git: accept uncommitted changes; commit each applied step
  --json                    print the result as JSON on stdout`;

export async function runCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, { ...RUN_FLAGS, prompt: { type: 'string' }, domain: { type: 'string' } });
  if (v.help) return help(RUN_HELP);
  const prompt = str(v.prompt);
  const domain = str(v.domain);
  if (!domain) throw new UsageError('run needs --domain (see `microfactory domains`)');
  if (!prompt && domain !== 'hanoi') throw new UsageError('run needs --prompt');
  const overrides = { ...runOverrides(v), configPath: configFlag(v) };
  if (overrides.dryRun && (overrides.provider ?? 'simulated') !== 'simulated') await dryRunProbe(overrides, domain, cli);
  const store = await cli.store();
  return follow(cli, v.json === true, () =>
    startRun({ prompt: prompt ?? `Solve Towers of Hanoi with ${overrides.disks ?? 'the configured number of'} disks`, domain, ...overrides }, deps(cli, store, v)),
  );
}

export const RESUME_HELP = `microfactory resume --session-id ID [--approve | --reject] [run options to override]

  Continues a paused, cancelled or interrupted session where it stopped, with the options it
  was started with unless you override them. --approve accepts the candidate a pause asked
  about; --reject discards it and resamples.`;

export async function resumeCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, { ...RUN_FLAGS, 'session-id': { type: 'string' }, approve: { type: 'boolean' }, reject: { type: 'boolean' } });
  if (v.help) return help(RESUME_HELP);
  const id = str(v['session-id']);
  if (!id) throw new UsageError('resume needs --session-id');
  if (v.approve && v.reject) throw new UsageError('--approve and --reject exclude each other');
  const overrides: RunOverrides = runOverrides(v);
  const decision = v.approve ? { action: 'approve' as const } : v.reject ? { action: 'reject' as const } : undefined;
  const store = await cli.store();
  if (!store.getSession(id)) throw new UsageError(`no session ${id}; \`microfactory status\` lists them`);
  return follow(cli, v.json === true, () => resumeRun(id, { ...overrides, decision }, deps(cli, store, v)));
}

function deps(cli: CliContext, store: Awaited<ReturnType<CliContext['store']>>, v: Record<string, unknown>) {
  const tty = process.stderr.isTTY === true;
  const progress = v.quiet ? undefined : new Progress(process.stderr, tty);
  return { store, resourceRoot: cli.resourceRoot, log: cli.log, onEvent: progress?.listener };
}

async function follow(cli: CliContext, json: boolean, start: () => Promise<RunHandle>): Promise<number> {
  const handle = await start();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\ncancelling: saving the session (Ctrl-C again to quit at once)\n');
    handle.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await handle.done;
    const store = await cli.store();
    await printOutcome(store, outcome, json);
    return { completed: 0, paused: 3, failed: 1, cancelled: 130, running: 1 }[outcome.status];
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function help(text: string): number {
  process.stdout.write(text + '\n');
  return 0;
}
