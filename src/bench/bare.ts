// The reference the engine is measured against: the paper's Fig. 2, written plainly.
//   generate_solution(x0, M, k): for each step, (a, x) = do_voting(x, M, k)
//   do_voting(x, M, k):          draw votes until some y has V[y] >= k + max_{v != y} V[v]
//   get_vote(x, M):              sample until a response passes the red flags; parse it
// Same SimulatedClient, same prompt rendering (prompt and system, once per step), same strict
// parser and vote key, same (step, seq) seeding and temperatures as the engine; no store, no
// events, no router, no parallelism. Given the same seed it draws exactly the engine's samples.
import type { AgentConfig } from '../engine/config';
import { outputKey, parseResponse, type HanoiOutput } from '../engine/chain/hanoi';
import { hanoiTask } from '../engine/chain/hanoiTask';
import type { LlmClient, LlmRequest } from '../engine/ports';
import { render } from '../engine/template';

export interface BareResult {
  steps: number;
  samples: number;
  redFlags: number;
  maxVotes: number;
  solved: boolean;
  ms: number;
}

interface Vote {
  key: string;
  output: HanoiOutput;
}

export async function bareSolve(client: LlmClient, agent: AgentConfig, disks: number, k: number, maxSteps = Infinity): Promise<BareResult> {
  const task = hanoiTask(disks);
  const t0 = performance.now();
  const counters = { samples: 0, redFlags: 0, maxVotes: 0 };
  let state = task.initialState();
  let previous: HanoiOutput | undefined;
  let index = 0;
  // generate_solution
  for (; index < Math.min(task.totalSteps(), maxSteps); index++) {
    const vars = task.promptVars(state, previous, index);
    const prompt = render(agent.template, vars);
    const system = agent.system === undefined ? undefined : render(agent.system, vars);
    const winner = await doVoting(client, agent, { prompt, system, step: index, disks, k }, counters);
    previous = winner;
    state = winner.next_state;
  }
  return { steps: index, ...counters, solved: index === task.totalSteps() && task.finalError(state) === undefined, ms: performance.now() - t0 };
}

interface StepInput {
  prompt: string;
  system?: string;
  step: number;
  disks: number;
  k: number;
}

async function doVoting(client: LlmClient, agent: AgentConfig, x: StepInput, counters: { samples: number; redFlags: number; maxVotes: number }): Promise<HanoiOutput> {
  const votes = new Map<string, number>();
  const firstOutput = new Map<string, HanoiOutput>();
  const seq = { n: 0 };
  let total = 0;
  for (;;) {
    const y = await getVote(client, agent, x, seq, counters);
    const n = (votes.get(y.key) ?? 0) + 1;
    votes.set(y.key, n);
    if (!firstOutput.has(y.key)) firstOutput.set(y.key, y.output);
    total++;
    let other = 0;
    for (const [key, count] of votes) if (key !== y.key && count > other) other = count;
    if (n >= x.k + other) {
      if (total > counters.maxVotes) counters.maxVotes = total;
      return firstOutput.get(y.key)!;
    }
  }
}

async function getVote(client: LlmClient, agent: AgentConfig, x: StepInput, seq: { n: number }, counters: { samples: number; redFlags: number }): Promise<Vote> {
  for (;;) {
    const s = seq.n++;
    const request: LlmRequest = {
      provider: 'simulated', model: agent.model, role: 'solver', system: x.system, prompt: x.prompt,
      temperature: s === 0 ? agent.temperature.first : agent.temperature.later, maxTokens: agent.maxTokens, meta: { step: x.step, chain: 'hanoi', seq: s },
    };
    const r = await client.complete(request);
    counters.samples++;
    // Red flags: too long (truncated or over max_tokens), then the strict parser. Discard, never repair.
    if (r.finish === 'length' || r.usage.output > agent.maxTokens) {
      counters.redFlags++;
      continue;
    }
    let output: HanoiOutput;
    try {
      output = parseResponse(r.text, x.disks);
    } catch {
      counters.redFlags++;
      continue;
    }
    return { key: outputKey(output), output };
  }
}
