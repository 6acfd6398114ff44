// `microfactory check`: tells a prompt engineer why a saved response is or is not red-flagged,
// by running it through exactly the flaggers and strict parser a run would use for that role.
import { UsageError } from '../../app/options';
import { configPathFor } from '../../app/session';
import { buildLlm } from '../../app/clients';
import { buildWorkspace } from '../../app/workspace';
import { getDomain, loadConfig } from '../../config/load';
import { hanoiTask } from '../../engine/chain/hanoiTask';
import { LIMITS } from '../../engine/limits';
import { sampleParser } from '../../engine/chain/task';
import { AGENT_ROLES, type AgentRole } from '../../engine/model';
import { buildPipeline } from '../../engine/redflags/build';
import type { Draft, Parser } from '../../engine/redflags/types';
import { decompositionKey, parseDecomposition, parseJudgeVote, textKey } from '../../engine/tree/parsers';
import { configFlag, num, parse, str } from '../args';
import type { CliContext } from '../context';
import { help } from './run';

const HELP = `microfactory check --domain D [--role solver] [--disks N] [--options N] [--jsonl] [--config F] [--repo-path DIR]

  Reads one model response on stdin (or JSON lines {"text": ..., "finish"?: "length", "tokens_out"?: N}
  with --jsonl) and prints one JSON line per response: {flagged, flags: [{flagger, reason}], key}.`;

export async function checkCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, {
    domain: { type: 'string' }, role: { type: 'string' }, disks: { type: 'string' }, options: { type: 'string' },
    jsonl: { type: 'boolean' }, config: { type: 'string' }, 'repo-path': { type: 'string' }, 'llm-provider': { type: 'string' },
  });
  if (v.help) return help(HELP);
  const domainName = str(v.domain);
  if (!domainName) throw new UsageError('check needs --domain');
  const role = (str(v.role) ?? 'solver') as AgentRole;
  if (!AGENT_ROLES.includes(role)) throw new UsageError(`--role must be one of ${AGENT_ROLES.join(', ')}`);
  const overrides = { configPath: configFlag(v), repoPath: str(v['repo-path']), provider: str(v['llm-provider']), dryRun: true };
  const domain = getDomain(loadConfig(configPathFor(overrides, cli.resourceRoot)), domainName);
  const agent = domain.agents[role];
  if (!agent) throw new UsageError(`domain '${domainName}' has no ${role} agent`);
  const parser = parserFor(domain.flow, role, num(v.disks, 'disks', LIMITS.disks) ?? domain.chain?.disks ?? 10, num(v.options, 'options', { int: true, min: 1 }) ?? 9);
  const ws = await buildWorkspace(overrides, domain, { trusted: false });
  const pipeline = buildPipeline(domain, agent, {
    llm: buildLlm(overrides, domain, { log: cli.log, resourceRoot: cli.resourceRoot }), defaultProvider: overrides.provider ?? 'simulated',
    syntax: ws.syntax, workspace: overrides.repoPath ? ws.workspace : undefined, parse: domain.flow === 'chain' ? parser : undefined,
  });
  const input = await readStdin();
  const items = v.jsonl ? input.split('\n').filter((l) => l.trim()).map((l, i) => jsonItem(l, i + 1)) : [{ text: input }];
  for (const item of items) {
    const tokensOut = item.tokens_out ?? Math.ceil(item.text.length / 4);
    const draft: Draft = { role, text: item.text, finish: item.finish ?? 'stop', tokensOut, maxTokens: agent.maxTokens, stepDescription: '' };
    const flags = await pipeline.runAll(draft);
    let key: string | null = null;
    try {
      key = (draft.parsed ?? parser(item.text)).key;
    } catch (e) {
      if (!flags.some((f) => f.flagger === 'format')) flags.push({ flagger: 'format', reason: (e as Error).message });
    }
    process.stdout.write(JSON.stringify({ flagged: flags.length > 0, flags, key: flags.length ? null : key }) + '\n');
  }
  return 0;
}

function parserFor(flow: 'tree' | 'chain', role: AgentRole, disks: number, options: number): Parser {
  if (flow === 'chain') return sampleParser(hanoiTask(disks));
  if (role === 'decomposition') {
    return (t) => {
      const d = parseDecomposition(t);
      return { key: decompositionKey(d), output: d };
    };
  }
  if (role.endsWith('discriminator')) {
    return (t) => {
      const n = parseJudgeVote(t, options);
      return { key: String(n), output: n };
    };
  }
  return (t) => ({ key: textKey(t), output: t });
}

function jsonItem(line: string, n: number): { text: string; finish?: 'stop' | 'length'; tokens_out?: number } {
  try {
    const o = JSON.parse(line);
    if (typeof o?.text !== 'string') throw new Error('no "text" field');
    return o;
  } catch (e) {
    throw new UsageError(`stdin line ${n}: ${(e as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
