// What the store says, read through the CLI as a user would: the session, the steps it holds
// (with the samples it counts for each), and the steps lost by an independent replay of the
// exported moves (src/engine/chain/hanoiReplay.ts shares no code with the engine's Hanoi).
import { replayHanoi } from '../../src/engine/chain/hanoiReplay';
import { stepsOf } from './hanoiSteps';
import type { PaidTwice, Stored } from './ledger';
import type { World } from './world';

export interface StepJson {
  index: number;
  status: string;
  samples_requested: number;
}

export interface Detail {
  code: number | null;
  stderr: string;
  json?: { status: string; state: string; steps_completed: number; steps_total: number; damaged: boolean; damage: string | null; wait_state: { trigger?: string } | null; steps?: StepJson[]; steps_unreadable?: string };
}

/** The first session listed (a case holds one). */
export async function sessionId(world: World): Promise<string | undefined> {
  const r = await world.cli(['status', '--json']);
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as { sessions: { session_id: string }[] }).sessions[0]?.session_id;
}

export async function detail(world: World, id: string): Promise<Detail> {
  const r = await world.cli(['status', '--session-id', id, '--json', '--steps', '10000000']);
  return { code: r.code, stderr: r.stderr, json: r.code === 0 ? JSON.parse(r.stdout) : undefined };
}

/** Completed steps the store holds, 1-based step number → samples counted. */
export function storedOf(d: Detail): Stored {
  const out: Stored = new Map();
  for (const st of d.json?.steps ?? []) if (st.status === 'completed') out.set(st.index + 1, st.samples_requested);
  return out;
}

/**
 * Samples the store keeps per step, for every step it holds, finished or not: a step a pause (the
 * budget) left unfinished keeps the votes it paid for, and its resume counts them (engine/storedVotes.ts).
 */
export function keptOf(d: Detail): Stored {
  const out: Stored = new Map();
  for (const st of d.json?.steps ?? []) if (st.samples_requested > 0) out.set(st.index + 1, st.samples_requested);
  return out;
}

/** Reads the store and settles the ledger with it (after processes exited). */
export async function settle(world: World, id: string): Promise<Detail> {
  const d = await detail(world, id);
  world.ledger.settle(storedOf(d));
  return d;
}

export interface Replay {
  /** Steps of the export that replay legally from the start, in order, each completed. */
  legalPrefix: number;
  firstIllegal?: number;
  exported: number;
  exportCode: number | null;
}

/** Exports the session and replays its moves; the legal prefix stops at the first gap, illegal or unfinished step. */
export async function replay(world: World, id: string): Promise<Replay> {
  const r = await world.cli(['export', '--session-id', id]);
  const lines = r.code === 0 ? r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; status: string; output: { move?: unknown } | null }) : [];
  let prefix = 0;
  while (prefix < lines.length && lines[prefix].status === 'completed' && lines[prefix].id === String(prefix + 1)) prefix++;
  const check = replayHanoi(world.opts.disks, lines.slice(0, prefix).map((l) => l.output?.move));
  const legal = check.firstIllegal ? check.firstIllegal.step - 1 : prefix;
  return { legalPrefix: legal, firstIllegal: check.firstIllegal?.step, exported: lines.length, exportCode: r.code };
}

export interface Measured {
  /** "<status> <completed>/<total>" as the store tells it at the end. */
  state: string;
  /** The row's measured columns. */
  row: { stepsLost: number; paidTwice: number; ledger: PaidTwice };
}

/**
 * A case's end, measured: `end` is the store read (and the ledger settled) after the last process.
 * Steps lost are counted against the whole chain, or against `expected` steps when the case may
 * stop short (a budget).
 */
export async function measure(world: World, id: string, end: Detail, expected = stepsOf(world.opts.disks)): Promise<Measured> {
  const r = await replay(world, id);
  const ledger = world.ledger.result(keptOf(end));
  const state = `${end.json?.status ?? `status exit ${end.code}`} ${end.json?.steps_completed ?? '?'}/${end.json?.steps_total ?? '?'}`;
  return { state, row: { stepsLost: Math.max(0, expected - r.legalPrefix), paidTwice: ledger.paidTwice, ledger } };
}
