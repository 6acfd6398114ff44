// The fault server: each request fails with `rate` probability with one kind of fault, every kind
// the local server can serve. The run goes on to the end, resumed after each pause or failure.
// Silent: a process stopped (pause, failure) without saying why on stdout or stderr.
import { mulberry32 } from '../../../src/llm/random';
import type { Fault } from '../../support/llmServer';
import { measure, sessionId, settle } from '../probe';
import type { Row } from '../table';
import { World } from '../world';

export const FAULT_KINDS: Fault[] = [
  { type: 'rate_limit', retryAfterMs: 20 },
  { type: 'server_error', status: 500 },
  { type: 'overloaded' },
  { type: 'hang' },
  { type: 'reset' },
  { type: 'malformed' },
  { type: 'quota' },
  { type: 'unauthorized' },
  { type: 'error', status: 400, message: 'chaos: this request is refused' },
];

/** Most processes a case starts before giving up on reaching the end. */
const MAX_ROUNDS = 80;

function saidWhy(code: number | null, stdout: string, stderr: string): boolean {
  if (code === 0) return true;
  let json: { wait_state?: { trigger?: string } | null; error?: string | null } | undefined;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return Boolean(json?.wait_state?.trigger || json?.error || stderr.trim());
}

export async function faultCase(fault: Fault, c: { rate: number; disks: number; seed: number }): Promise<Row> {
  const t0 = Date.now();
  const rnd = mulberry32(c.seed);
  const world = await World.open(`fault-${fault.type}`, { disks: c.disks, seed: c.seed, timeoutMs: 1000, faultPolicy: () => (rnd.next() < c.rate ? fault : undefined) });
  try {
    const exits: number[] = [];
    let unsaid = 0;
    let id: string | undefined;
    let end;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const exit = await world.model(id ? world.resumeArgs(id) : world.runArgs());
      exits.push(exit.code ?? -1);
      if (!saidWhy(exit.code, exit.stdout, exit.stderr)) unsaid++;
      id ??= await sessionId(world);
      if (!id) throw new Error(`the run left no session (exit ${exit.code}): ${exit.stderr}`);
      end = await settle(world, id);
      if (exit.code === 0) break;
    }
    const m = await measure(world, id!, end!);
    const faults = world.server.requests.filter((q) => q.fault).length;
    const tally = [...new Set(exits)].map((x) => `${x}x${exits.filter((y) => y === x).length}`).join(' ');
    return {
      case: `faults: ${fault.type} at ${Math.round(c.rate * 100)} %`,
      outcome: `${m.state}; ${faults} faults in ${world.server.total} requests; exits ${tally}`,
      ...m.row,
      silent: unsaid > 0,
      ms: Date.now() - t0,
    };
  } finally {
    await world.close();
  }
}
