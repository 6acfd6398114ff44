// A budget under kills: `--budget-usd` on a run killed `kills` times (resumed after each, with the
// same budget) against the same run uninterrupted. Spend is what the server billed: the tokens of
// every answered request at the model's list price. Target: at most 1.05 times the reference.
import { costOf } from '../../../src/llm/pricing';
import { mulberry32 } from '../../../src/llm/random';
import type { LlmServer } from '../../support/llmServer';
import { measure, sessionId, settle, storedOf, type Detail } from '../probe';
import type { Row } from '../table';
import { World } from '../world';

export const SPEND_TARGET = 1.05;

function billed(server: LlmServer): number {
  return server.requests.reduce((usd, r) => usd + (r.answered === 200 && !r.fault ? costOf('gpt-4.1-mini', { input: r.tokensIn ?? 0, output: r.tokensOut ?? 0 }).usd : 0), 0);
}

const budgetSaid = (d: Detail, stdout: string, stderr: string): boolean => d.json?.wait_state?.trigger === 'budget' || /budget/i.test(stderr + stdout);

export async function budgetUnderKills(c: { disks: number; seed: number; budgetUsd: number; kills: number }): Promise<Row> {
  const t0 = Date.now();
  const flags = ['--budget-usd', String(c.budgetUsd)];
  const ref = await World.open('budget-ref', { disks: c.disks, seed: c.seed });
  const world = await World.open('budget-kills', { disks: c.disks, seed: c.seed });
  try {
    const alone = await ref.model(ref.runArgs(flags));
    const refSpend = billed(ref.server);
    const refRequests = ref.server.total;
    const rnd = mulberry32(c.seed);
    let id: string | undefined;
    let unsaid = 0;
    let held = 0;
    let exit = await world.model(world.runArgs(flags), { afterRequests: 10 + Math.floor(rnd.next() * (refRequests / (c.kills + 1) - 10)), jitterMs: 3 });
    let kills = 0;
    for (;;) {
      id ??= await sessionId(world);
      if (!id) throw new Error(`the first run left no session: ${exit.stderr}`);
      const d = await settle(world, id);
      held = Math.max(held, storedOf(d).size);
      if (exit.killed && d.json?.state !== 'interrupted') unsaid++;
      if (!exit.killed) {
        if (exit.code !== 3 || !budgetSaid(d, exit.stdout, exit.stderr)) unsaid++;
        break;
      }
      kills++;
      const next = kills < c.kills ? { afterRequests: 10 + Math.floor(rnd.next() * (refRequests / (c.kills + 1) - 10)), jitterMs: 3 } : undefined;
      exit = await world.model(world.resumeArgs(id, flags), next);
    }
    const end = await settle(world, id);
    const m = await measure(world, id, end, held);
    const ratio = billed(world.server) / refSpend;
    return {
      case: `budget $${c.budgetUsd} under ${c.kills} kills`,
      outcome: `${m.state} (${end.json?.wait_state?.trigger ?? 'no trigger'}), exit ${exit.code}; spend ${ratio.toFixed(3)}x the uninterrupted run's (exit ${alone.code}, ${refRequests} requests)`,
      ...m.row,
      silent: unsaid > 0,
      missed: ratio > SPEND_TARGET ? `spend ratio ${ratio.toFixed(3)} > ${SPEND_TARGET}` : undefined,
      said: [exit.stderr.trim().split('\n')[0] ?? ''],
      ms: Date.now() - t0,
    };
  } finally {
    await ref.close();
    await world.close();
  }
}
