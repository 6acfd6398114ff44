// The chaos suite's cases, in full (`npm run test:chaos`) or as the fast slice the unit suite
// runs (test/unit/chaos/): a few kills, a few damage kinds and the control, two live resumes.
import { budgetUnderKills } from './cases/budget';
import { damageCases } from './cases/damage';
import { FAULT_KINDS, faultCase } from './cases/faults';
import { killCampaign } from './cases/kills';
import { liveResumes } from './cases/liveResumes';
import type { Row } from './table';

type Case = { name: string; run: () => Promise<Row[]> };

const one = (f: () => Promise<Row>) => async (): Promise<Row[]> => [await f()];

/**
 * Damage kinds of the fast slice: one per file, and those that once dropped, re-ran or re-bought
 * steps silently (a journal cut short, emptied or garbled, a garbage line) or could not be
 * recovered (a deleted segment).
 */
export const FAST_DAMAGE = ['control (no damage)', 'journal garbage line', 'journal garbled', 'journal truncated', 'journal zero-length', 'segment truncated', 'segment deleted', 'DB zero-length'];

export function cases(kind: 'full' | 'fast'): Case[] {
  if (kind === 'fast') {
    return [
      { name: 'kills', run: one(() => killCampaign({ kills: 2, disks: 6, seed: 23, maxRequests: 50 })) },
      { name: 'damage', run: () => damageCases(9, 5, FAST_DAMAGE, false) },
      { name: 'live', run: one(() => liveResumes(6, 11)) },
    ];
  }
  return [
    { name: 'kills', run: one(() => killCampaign({ kills: 25, disks: 10, seed: 23, maxRequests: 150 })) },
    { name: 'damage', run: () => damageCases(9, 5) },
    { name: 'live', run: one(() => liveResumes(8, 11)) },
    { name: 'budget', run: one(() => budgetUnderKills({ disks: 8, seed: 7, budgetUsd: 0.05, kills: 6 })) },
    ...FAULT_KINDS.map((f) => ({ name: `fault-${f.type}`, run: one(() => faultCase(f, { rate: 0.06, disks: 6, seed: 13 })) })),
  ];
}

/** Runs the cases whose name matches `only`, reporting each row as it comes. */
export async function runSuite(kind: 'full' | 'fast', only: RegExp | undefined, onRow: (r: Row) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of cases(kind)) {
    if (only && !only.test(c.name)) continue;
    for (const r of await c.run()) {
      rows.push(r);
      onRow(r);
    }
  }
  return rows;
}
