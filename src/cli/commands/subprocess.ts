// `microfactory subprocess`: solve and vote ONE step and print JSON, for supervising agents
// that embed Microfactory as a tool. Tree domains solve the step directly (no decomposition);
// chain domains take one state from --context-json {"state": ..., "previous_move": ...}.
import { UsageError } from '../../app/options';
import { startRun } from '../../app/session';
import { configFlag, parse, runOverrides, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { sessionSummaryJson, stepJson } from '../output';
import { topicText } from '../help';
import { help } from './run';

export async function subprocessCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.subprocess);
  if (v.help) return help(topicText('subprocess'));
  const domain = str(v.domain);
  const stepText = str(v.step);
  if (!domain || !stepText) throw new UsageError('subprocess needs --domain and --step');
  let context: Record<string, unknown> = {};
  if (v['context-json'] !== undefined) {
    try {
      context = JSON.parse(String(v['context-json']));
      if (!context || typeof context !== 'object' || Array.isArray(context)) throw new Error('expected a JSON object');
    } catch (e) {
      throw new UsageError(`--context-json: ${(e as Error).message}`);
    }
  }
  const o = { ...runOverrides(v), configPath: configFlag(v) };
  const chainStart = context.state !== undefined ? { state: JSON.stringify(context.state), previous: context.previous_move ? { move: context.previous_move } : undefined } : undefined;
  const store = await cli.store();
  const handle = await startRun(
    { ...o, prompt: stepText, domain, dryRun: v.apply ? o.dryRun : true, maxDepth: 0, extraVars: context, chainStart, maxSteps: chainStart ? 1 : undefined },
    { store, resourceRoot: cli.resourceRoot, log: cli.log, onEvent: cli.view.onEvent, onLlmCall: cli.view.onLlmCall },
  );
  const outcome = await handle.done;
  const s = store.getSession(outcome.sessionId)!;
  const step = store.getSteps(s.id, { limit: 1 })[0];
  const samples = step ? store.getSamples(s.id, step.id) : [];
  // --inspect replaces the output with the LLM traffic; the exit code still tells the outcome.
  if (!cli.view.globals.inspect) process.stdout.write(JSON.stringify({
    ...sessionSummaryJson(s),
    winner: step?.winnerText !== undefined ? { text: step.winnerText, key: step.metrics.tally?.winner ?? null, output: step.output ?? null } : null,
    candidates: samples.map((c) => ({ role: c.role, seq: c.seq, text: c.text, key: c.key ?? null, flags: c.flags, tokens_out: c.tokensOut })),
    tally: step?.metrics.tally ?? null,
    step: step ? stepJson(step) : null,
    change_set: step?.changeSet ?? null,
  }) + '\n');
  return { completed: 0, paused: 3, failed: 1, cancelled: 130, running: 1 }[outcome.status];
}
