// A budget under kills, measured from outside: real `microfactory` processes against a local
// chat-completions server that bills what it answers (words as tokens, at gpt-4.1-mini's list
// price). The same budgeted Hanoi run is made once without a kill, and once SIGKILLed 6 times at
// spread moments and resumed after each; the killed one must spend at most 1.05 times as much.
// Before the fix it spent far more: the totals a resume started its budget from lagged the steps
// the killed process had journaled, and samples of unfinished steps were never counted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, ensureCliBuilt, runCli } from '../../support/cliRun';
import { makeTempDir } from '../../support/fixtures';
import { startHanoiServer } from '../../support/hanoiServer';
import type { LlmServer } from '../../support/llmServer';

/** gpt-4.1-mini, USD per million tokens (src/llm/pricing.ts): what the server bills. */
const PRICE = { input: 0.4, output: 1.6 };
const BUDGET = '0.05';
const KILLS = 6;

interface Meter {
  /** Requests answered, and what they cost at PRICE (the server's word counts are its usage). */
  answered: number;
  billedUsd: number;
}

/** What the server billed at PRICE (llmServer.ts counts words as tokens: input once per request, output per choice). */
function meter(server: LlmServer): Meter {
  const b = server.billed;
  return {
    get answered() {
      return b.requests;
    },
    get billedUsd() {
      return (b.input * PRICE.input + b.output * PRICE.output) / 1e6;
    },
  };
}

/** One CLI process; with `killAt`, SIGKILLed once the server has received that many requests. */
async function cli(home: string, args: string[], server: LlmServer, killAt?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, MICROFACTORY_HOME: home }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  if (killAt !== undefined) {
    let done = false;
    void exited.then(() => (done = true));
    while (!done && server.total < killAt) await new Promise((r) => setTimeout(r, 2));
    if (!done) child.kill('SIGKILL');
  }
  return exited;
}

describe('a budget under SIGKILL (CLI processes, local chat-completions server)', function () {
  this.timeout(240_000);
  before(ensureCliBuilt);

  it(`a budgeted run killed ${KILLS} times spends at most 1.05 x what it spends uninterrupted`, async () => {
    const figures: Record<string, number> = {};
    const run = async (kills: number): Promise<{ requests: number; m: Meter; status: string; costUsd: number }> => {
      const tmp = makeTempDir('mf-budget-kill-');
      // A little latency keeps requests in flight, so kills land mid-race too.
      const server = await startHanoiServer({ errorRate: 0.05, seed: 5, latencyMs: 2, record: false });
      const m = meter(server);
      try {
        const args = ['--domain', 'hanoi', '--disks', '10', '--llm-provider', 'openai-compatible', '--base-url', server.baseUrl('openai'), '--api-key', 'x', '--llm-model', 'gpt-4.1-mini', '--budget-usd', BUDGET, '-q'];
        const first = await cli(tmp.path, ['run', ...args], server, kills ? spread(1, kills) : undefined);
        let id: string | undefined;
        const sessionId = async (): Promise<string> => (id ??= JSON.parse((await runCli(['status', '--json'], { home: tmp.path })).stdout).sessions[0].session_id as string);
        if (kills) assert.equal(first.signal, 'SIGKILL');
        else assert.equal(first.code, 3, 'the uninterrupted run pauses on its budget (exit 3)');
        for (let k = 2; k <= kills + 1; k++) {
          const r = await cli(tmp.path, ['resume', '--session-id', await sessionId(), '-q'], server, k <= kills ? spread(k, kills) : undefined);
          if (k <= kills) assert.equal(r.signal, 'SIGKILL', `resume ${k - 1} ended before its kill (exit ${r.code})`);
          else assert.equal(r.code, 3, 'the last resume pauses on the budget (exit 3)');
        }
        const detail = JSON.parse((await runCli(['status', '--session-id', await sessionId(), '--json'], { home: tmp.path })).stdout);
        return { requests: server.total, m, status: `${detail.status}:${detail.wait_state?.trigger}`, costUsd: detail.cost_usd as number };
      } finally {
        await server.close();
        tmp.cleanup();
      }
    };
    // The kills fall at k/(KILLS+1) of the requests the uninterrupted run made.
    let total = 0;
    const spread = (k: number, n: number): number => Math.max(1, Math.round((total * k) / (n + 1)));

    const clean = await run(0);
    total = clean.requests;
    const killed = await run(KILLS);
    figures.cleanRequests = clean.requests;
    figures.killedRequests = killed.requests;
    figures.cleanUsd = clean.m.billedUsd;
    figures.killedUsd = killed.m.billedUsd;
    figures.ratio = killed.m.billedUsd / clean.m.billedUsd;
    figures.killedSessionUsd = killed.costUsd;
    console.log(`      budget $${BUDGET}: ${JSON.stringify(figures)}`);
    assert.equal(clean.status, 'paused:budget');
    assert.equal(killed.status, 'paused:budget');
    assert.ok(clean.m.billedUsd > 0.03 && clean.m.billedUsd <= 0.05, `the uninterrupted run spent $${clean.m.billedUsd}`);
    assert.ok(figures.ratio <= 1.05, `killed ${KILLS} times it spent ${figures.ratio.toFixed(3)} x as much ($${killed.m.billedUsd.toFixed(4)} vs $${clean.m.billedUsd.toFixed(4)})`);
    // What the session says it spent is what the server billed: the answers the kills cut off (billed,
    // never received) count at the estimate held for them while they were out (engine/sampler.ts).
    assert.ok(Math.abs(killed.costUsd - killed.m.billedUsd) <= 0.02 * killed.m.billedUsd, JSON.stringify(figures));
    assert.ok(killed.costUsd <= Number(BUDGET));
  });
});
