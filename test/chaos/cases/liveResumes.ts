// Two live resumes of one killed session at once: exactly one runs it, the other is refused with
// exit 2 and one line naming the owner's pid. Two runners would show up at the server as samples
// of finished steps bought again (the ledger's paid twice).
import { stepsOf } from '../hanoiSteps';
import { measure, sessionId, settle } from '../probe';
import type { Row } from '../table';
import { World } from '../world';

export async function liveResumes(disks: number, seed: number): Promise<Row> {
  const t0 = Date.now();
  const world = await World.open('live', { disks, seed });
  try {
    await world.model(world.runArgs(), { afterRequests: Math.floor(stepsOf(disks) / 2), jitterMs: 5 });
    const id = await sessionId(world);
    if (!id) throw new Error('the killed run left no session');
    await settle(world, id);
    const both = await Promise.all([0, 1].map(() => world.model(world.resumeArgs(id))));
    const end = await settle(world, id);
    const codes = both.map((r) => r.code).sort();
    const loser = both.find((r) => r.code !== 0);
    const refusal = /^microfactory resume: session \S+ is running in pid \d+/;
    const m = await measure(world, id, end);
    return {
      case: 'two live resumes at once',
      outcome: `${m.state}; exits ${codes.join(' and ')}`,
      ...m.row,
      silent: codes.join() !== '0,2' || !refusal.test(loser?.stderr ?? ''),
      said: [loser?.stderr.trim() ?? ''],
      ms: Date.now() - t0,
    };
  } finally {
    await world.close();
  }
}
