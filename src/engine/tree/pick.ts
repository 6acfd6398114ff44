// Picking one answer for a tree step: either an exact race over the agent's samples (`samples`
// is then the first round's size), or a candidate pool of `samples` valid answers from which a
// discriminator race (first-to-ahead-by-k over option numbers) picks the winner.
import type { AgentConfig } from '../config';
import type { EngineContext } from '../context';
import type { AgentRole, RedFlagHit, StepRecord, VoteTally } from '../model';
import { Race } from '../race';
import { buildPipeline } from '../redflags/build';
import { type Parser, StepSampler, type ValidSample } from '../sampler';
import { enumerateOptions, withOriginalVars } from '../originalVars';
import { stablePrefixOf } from '../stablePart';
import { render } from '../template';
import { decide } from '../voting';
import { parseJudgeVote } from './parsers';

export interface Pick {
  winner: ValidSample;
  tally: VoteTally;
  /** Distinct candidates in the order they were offered (index + 1 = option number). */
  options: ValidSample[];
}

export interface PickRequest {
  agent: AgentConfig;
  judgeRole: AgentRole;
  vars: Record<string, unknown>;
  parse: Parser;
  poolSize: number;
  rejected?: ReadonlyMap<string, RedFlagHit>;
  /** Receives every sampler used, so the caller can persist their samples even when the pick pauses. */
  collect: StepSampler[];
}

export async function pick(ctx: EngineContext, step: StepRecord, req: PickRequest): Promise<Pick> {
  const { agent } = req;
  // The original's `prompt` for decomposition and solving is the step's description.
  const sampler = newSampler(ctx, step, agent, req.vars, step.description, req.parse, req.rejected);
  req.collect.push(sampler);
  const k = ctx.kFor(agent.role);
  if (ctx.domain.vote === 'exact') {
    const race = new Race({ k, voteCap: Math.max(ctx.domain.limits.voteCap, k), firstRound: req.poolSize, rule: ctx.domain.voteRule });
    const result = await decide(ctx, step, race, sampler.round);
    return { winner: result.byKey.get(result.winner)!, tally: result.tally, options: [...result.byKey.values()] };
  }
  const pool = await sampler.round(Math.max(1, req.poolSize));
  const firsts = new Map<string, ValidSample>();
  for (const s of pool) if (!firsts.has(s.key)) firsts.set(s.key, s);
  const options = [...firsts.values()];
  const judge = ctx.agent(req.judgeRole);
  if (options.length === 1 || !judge) return pluralityOfPool(pool, firsts, k);
  const judgeSampler = newSampler(
    ctx, step, judge,
    { ...req.vars, options: options.map((o, i) => ({ n: i + 1, number: i + 1, text: o.text })), count: options.length },
    enumerateOptions(options.map((o) => o.text)),
    (text) => {
      const n = parseJudgeVote(text, options.length);
      return { key: String(n), output: n };
    },
  );
  req.collect.push(judgeSampler);
  const jk = ctx.kFor(req.judgeRole);
  // Judges vote by option number; the tally names the options by their candidate keys.
  const race = new Race({ k: jk, voteCap: Math.max(ctx.domain.limits.voteCap, jk), candidate: (n) => options[Number(n) - 1].key, rule: ctx.domain.voteRule });
  const result = await decide(ctx, step, race, judgeSampler.round);
  return { winner: options[Number(result.winner) - 1], tally: result.tally, options };
}

/**
 * Without a judge (or with a single distinct answer) the pool itself is the vote: one round of
 * `pool.length` votes, decided by a lead of k, else by plurality (ties to the answer seen first).
 */
function pluralityOfPool(pool: ValidSample[], firsts: Map<string, ValidSample>, k: number): Pick {
  const race = new Race({ k, voteCap: Math.max(k, pool.length) });
  race.startRound();
  for (const s of pool) race.add(s.key);
  const winner = race.top()[0]!;
  return { winner: firsts.get(winner)!, tally: race.tally(winner, race.decided() ? 'lead' : 'cap'), options: [...firsts.values()] };
}

function newSampler(
  ctx: EngineContext, step: StepRecord, agent: AgentConfig, ours: Record<string, unknown>, originalPrompt: string, parse: Parser, rejected?: ReadonlyMap<string, RedFlagHit>,
): StepSampler {
  const vars = withOriginalVars(agent.template, ours, originalPrompt, agent.role);
  const pipeline = buildPipeline(ctx.domain, agent, {
    llm: ctx.llm, defaultProvider: ctx.options.provider, syntax: ctx.syntax, workspace: ctx.workspace, signal: ctx.signal,
  });
  const prompt = render(agent.template, vars);
  return new StepSampler(ctx, step, {
    agent,
    prompt,
    stablePrefix: stablePrefixOf(agent.template, vars, prompt),
    system: agent.system === undefined ? undefined : render(agent.system, vars),
    pipeline,
    parse,
    meta: { step: step.id },
    rejected,
  });
}
