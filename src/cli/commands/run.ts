// `microfactory run` and `microfactory resume`: start or continue a session, show progress,
// print a summary (or --json), and exit 0 completed, 3 paused, 1 failed, 130 cancelled (Ctrl-C).
import { readFileSync } from 'node:fs';
import type { AppDeps, RunHandle, RunOverrides } from '../../app/api';
import { decisionFrom } from '../../app/decision';
import { budgetWarningText } from '../../app/labels';
import { UsageError } from '../../app/options';
import { Runs } from '../../app/runs';
import { resumeRun, startRun } from '../../app/session';
import type { EngineEvent } from '../../engine/events';
import { configFlag, parse, runOverrides, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import { topicText } from '../help';
import { outputDir } from '../outputDir';
import type { CliContext } from '../context';
import { Progress } from '../progress';
import { printOutcome } from '../summary';
import { dryRunProbe } from './dryRun';

export async function runCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.run);
  if (v.help) return help(topicText('run'));
  const prompt = str(v.prompt);
  const domain = str(v.domain);
  if (!domain) throw new UsageError('run needs --domain (see `microfactory domains`)');
  const overrides = { ...runOverrides(v), configPath: configFlag(v), repoPath: outputDir(v) };
  if (overrides.dryRun && (overrides.provider ?? 'simulated') !== 'simulated') await dryRunProbe(overrides, domain, cli);
  const runs = await registry(cli, v);
  return follow(cli, v.json === true, () => runs.start({ prompt: prompt ?? '', domain, ...overrides }));
}

export async function resumeCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.resume);
  if (v.help) return help(topicText('resume'));
  const id = str(v['session-id']);
  if (!id) throw new UsageError('resume needs --session-id');
  const decision = decisionFrom(
    { approve: v.approve === true, reject: v.reject === true, skip: v.skip === true, feedback: str(v.feedback), editText: editText(v.edit), approveRest: v['approve-rest'] === true },
    (f) => `--${RESUME_FLAG_NAMES[f]}`,
  );
  if (v['no-step-by-step'] && v['step-by-step']) throw new UsageError('--step-by-step and --no-step-by-step exclude each other');
  const overrides: RunOverrides = { ...runOverrides(v), ...(v['no-step-by-step'] ? { stepByStep: false } : {}) };
  const runs = await registry(cli, v);
  return follow(cli, v.json === true, () => runs.resume(id, { ...overrides, decision }, v.force === true));
}

const RESUME_FLAG_NAMES = { approve: 'approve', reject: 'reject', skip: 'skip', feedback: 'feedback', editText: 'edit', approveRest: 'approve-rest' } as const;

/** --edit FILE: the human's answer, read before anything starts (a missing file is a usage error). */
function editText(file: unknown): string | undefined {
  const path = str(file);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--edit ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** The app's run registry for this process's one run (it checks resumability on resume). */
async function registry(cli: CliContext, v: Record<string, unknown>): Promise<Runs> {
  const store = await cli.store();
  return new Runs({
    launcher: () => ({ startRun, resumeRun }),
    deps: () => deps(cli, store, v),
    words: { force: 'resume with --force', list: '`microfactory status` lists them' },
  });
}

function deps(cli: CliContext, store: Awaited<ReturnType<CliContext['store']>>, v: Record<string, unknown>): AppDeps {
  const tty = process.stderr.isTTY === true;
  const view = cli.view;
  const progress = v.quiet || !view.showsProgress ? undefined : new Progress(process.stderr, tty, (id) => store.getSession(id)?.metadata.provider);
  const onEvent = (e: EngineEvent): void => {
    view.onEvent(e);
    progress?.listener(e);
    // Even with --quiet or --json: a warning about money is never silent (stderr keeps stdout clean).
    if (e.type === 'budget_warning') process.stderr.write(`warning: ${budgetWarningText(e.sessionId, e.spentUsd, e.warnUsd)}\n`);
  };
  return { store, resourceRoot: cli.resourceRoot, log: cli.log, onEvent, onLlmCall: view.onLlmCall };
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
    await printOutcome(store, outcome, { json, view: cli.view });
    return { completed: 0, paused: 3, failed: 1, cancelled: 130, running: 1 }[outcome.status];
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function help(text: string): number {
  process.stdout.write(text + '\n');
  return 0;
}
