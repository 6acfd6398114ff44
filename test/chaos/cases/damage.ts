// File damage on a killed session, then what a user does: `status`, `doctor`, `resume` (and,
// when resume refuses a session a re-run cannot fix, `doctor --repair` and `resume` again),
// `export`. The case is silent when the damage happened and none of status, doctor or resume
// said so; the control (no damage) is expected to say nothing.
import { cpSync } from 'node:fs';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';
import { DAMAGES, damageableProbe, loadSql, targetFile, type Damage } from '../damage';
import { detail, measure, sessionId, settle, storedOf, type Detail } from '../probe';
import type { Row } from '../table';
import { World } from '../world';

/** Words by which a command tells of damage. */
export const SAYS_DAMAGE = /damag|corrupt|unreadable|moved aside|set aside|lost|missing|cannot be recovered|checksum|not applied|truncat|unrecovered/i;

export interface Killed {
  /** The killed run's world, its ledger settled (its files read, so recovered, by `status`). */
  world: World;
  /** The files exactly as the kill left them. */
  files: TmpDir;
  id: string;
}

/**
 * A run killed once its DB refers to a segment and a newer journal holds steps (the shared start of
 * every damage case). The server answers slowly enough that this comes before the run ends; on a
 * machine fast enough to finish first, it tries again slower.
 */
export async function killedForDamage(disks: number, seed: number): Promise<Killed> {
  const sql = await loadSql();
  let world: World | undefined;
  for (let latencyMs = 4; !world; latencyMs *= 3) {
    const w = await World.open('damage', { disks, seed });
    w.server.latencyMs = latencyMs;
    const exit = await w.model(w.runArgs(), { when: damageableProbe(sql, w.home.path, 25) });
    w.server.latencyMs = 0;
    if (exit.killed) world = w;
    else if (latencyMs > 100) throw new Error(`the run ended (exit ${exit.code}) before its store held a segment and a newer journal: ${exit.stderr}`);
    else await w.close();
  }
  const files = makeTmpDir('mf-chaos-killed-');
  cpSync(world.home.path, files.path, { recursive: true });
  const id = await sessionId(world);
  if (!id) throw new Error('the killed run left no session');
  await settle(world, id);
  return { world, files, id };
}

function saidDamage(d: Detail): boolean {
  return SAYS_DAMAGE.test(d.stderr) || d.json?.damaged === true || d.json?.steps_unreadable !== undefined;
}

/** Whether `doctor --json` finds anything: damage, a recovered session, or files set aside. */
async function askDoctor(world: World): Promise<{ said: boolean; text: string }> {
  const r = await world.cli(['doctor', '--json']);
  if (r.code !== 0 && r.code !== 1) return { said: true, text: r.stderr };
  const h = JSON.parse(r.stdout) as { healthy: boolean; set_aside: string[]; sessions: { state: string }[] };
  return { said: r.code === 1 || !h.healthy || h.set_aside.length > 0 || h.sessions.some((s) => s.state !== 'ok'), text: r.stdout };
}

/** `doctor`: also ask `microfactory doctor` before resuming (the full suite; the fast slice relies on status and resume). */
export async function damageCase(from: Killed, damage: Damage, doctor = true): Promise<Row> {
  const t0 = Date.now();
  const world = from.world.fork(damage.name.replace(/\W+/g, '-'), from.files.path);
  const id = from.id;
  try {
    const file = targetFile(world.home.path, damage.target);
    if (damage.target !== 'none') {
      if (!file) throw new Error(`${damage.name}: no ${damage.target} file in the killed run's store`);
      damage.apply(file);
    }
    const seen = await detail(world, id);
    world.ledger.damaged(storedOf(seen));
    const doc = doctor ? await askDoctor(world) : { said: false, text: '' };
    const exits: string[] = [];
    let res = await world.model(world.resumeArgs(id));
    exits.push(`resume ${res.code}`);
    const outputs = [res.stderr];
    const said = saidDamage(seen) || doc.said || SAYS_DAMAGE.test(res.stderr);
    if (res.code === 1 && /doctor --repair/.test(res.stderr)) {
      const repair = await world.cli(['doctor', '--repair']);
      res = await world.model(world.resumeArgs(id));
      exits.push(`repair ${repair.code}`, `resume ${res.code}`);
      outputs.push(repair.stdout, res.stderr);
    }
    const m = await measure(world, id, await settle(world, id));
    const control = damage.target === 'none';
    return {
      case: `damage: ${damage.name}`,
      outcome: `${m.state}; ${exits.join(', ')}${control && said ? '; FALSE ALARM' : ''}`,
      ...m.row,
      silent: !control && !said,
      missed: control && said ? 'a damage report without damage' : undefined,
      said: [seen.stderr, doc.text, ...outputs].map((t) => t.trim().split('\n')[0].slice(0, 300)).filter(Boolean),
      ms: Date.now() - t0,
    };
  } finally {
    await world.close();
  }
}

export async function damageCases(disks: number, seed: number, names?: string[], doctor = true): Promise<Row[]> {
  const killed = await killedForDamage(disks, seed);
  try {
    const rows: Row[] = [];
    for (const d of DAMAGES.filter((x) => !names || names.includes(x.name))) rows.push(await damageCase(killed, d, doctor));
    return rows;
  } finally {
    killed.files.cleanup();
    await killed.world.close();
  }
}
