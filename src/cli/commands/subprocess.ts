// `microfactory subprocess`: solve and vote ONE step and print JSON, for supervising agents
// that embed Microfactory as a tool (app/oneStep.ts; the MCP server's `vote` tool is the same).
import { UsageError } from '../../app/options';
import { oneStepJson, solveOneStep } from '../../app/oneStep';
import { configFlag, parse, runOverrides, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
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
  const store = await cli.store();
  const handle = await solveOneStep(
    { domain, step: stepText, context, apply: v.apply === true, overrides: { ...runOverrides(v), configPath: configFlag(v) } },
    { store, resourceRoot: cli.resourceRoot, log: cli.log, onEvent: cli.view.onEvent, onLlmCall: cli.view.onLlmCall },
  );
  const outcome = await handle.done;
  // --inspect replaces the output with the LLM traffic; the exit code still tells the outcome.
  if (!cli.view.globals.inspect) process.stdout.write(JSON.stringify(oneStepJson(store, outcome)) + '\n');
  return { completed: 0, paused: 3, failed: 1, cancelled: 130, running: 1 }[outcome.status];
}
