// SIGKILL at seeded random moments of one run, resuming after each: a moment is a number of
// requests the process made (plus a few ms), or, for a resume, a time after spawn (while it
// opens the store and replays the journal). After each kill `status` must tell the session is
// interrupted (a SIGKILLed session reading "running" forever would be the silent case).
import { mulberry32 } from '../../../src/llm/random';
import { measure, sessionId, settle } from '../probe';
import type { Row } from '../table';
import { World, type KillPlan } from '../world';

export interface KillCampaign {
  kills: number;
  disks: number;
  seed: number;
  /** Most requests a process makes before its kill (uniform from 1). */
  maxRequests: number;
}

export async function killCampaign(c: KillCampaign): Promise<Row> {
  const t0 = Date.now();
  const world = await World.open('kills', { disks: c.disks, seed: c.seed });
  try {
    const rnd = mulberry32(c.seed);
    const plan = (first: boolean): KillPlan =>
      !first && rnd.next() < 0.2 ? { afterMs: 150 + Math.floor(rnd.next() * 700) } : { afterRequests: 1 + Math.floor(rnd.next() * c.maxRequests), jitterMs: Math.floor(rnd.next() * 40) };
    let id: string | undefined;
    let killed = 0;
    let unsaid = 0;
    let finished = false;
    for (let i = 0; i < c.kills && !finished; i++) {
      const exit = await world.model(id ? world.resumeArgs(id) : world.runArgs(), plan(!id));
      id ??= await sessionId(world);
      if (!id) throw new Error(`the first run left no session (exit ${exit.code}, ${exit.signal}): ${exit.stderr}`);
      const d = await settle(world, id);
      if (!exit.killed) {
        finished = exit.code === 0;
        continue;
      }
      killed++;
      if (d.json?.state !== 'interrupted') unsaid++;
    }
    const last = finished ? undefined : await world.model(world.resumeArgs(id!));
    const m = await measure(world, id!, await settle(world, id!));
    return {
      case: `SIGKILL x${c.kills} (${c.disks} disks, seed ${c.seed})`,
      outcome: `${m.state}; ${killed} kills, final exit ${last?.code ?? 0}`,
      ...m.row,
      silent: unsaid > 0,
      ms: Date.now() - t0,
    };
  } finally {
    await world.close();
  }
}
