// Samples paid twice, counted from outside: the server's log of answered requests, each placed
// on its Hanoi step by its prompt, set against the steps and samples the store says it kept.
//
// - A request for a step the store already held (or, within one process, for a step whose
//   successor was already asked for) is re-sent for a finished step.
// - Per step, answered requests beyond the samples finally stored were paid and thrown away,
//   except those a SIGKILL caught in flight (their step was not stored when the process died)
//   and those of steps the damage destroyed: buying them again is the repair, not a fault.
import type { LlmServer } from '../support/llmServer';
import { stepIndexByState, stepOfPrompt } from './hanoiSteps';

/** Stored steps (1-based step number → samples the store counts for it). */
export type Stored = Map<number, number>;

export interface PaidTwice {
  /** Σ over steps of the larger of: re-sent requests, answered requests beyond stored samples and allowances. */
  paidTwice: number;
  resent: number;
  /** Answered requests of steps in flight when a process was killed (lost with it, bought again). */
  inFlightLost: number;
  /** Answered requests of stored steps that damage destroyed (bought again by the repair). */
  damageRebought: number;
  /** Answered requests for states off the optimal path (after a wrong step). */
  offPath: number;
  answered: number;
  stored: number;
}

const bump = (m: Map<number, number>, k: number, n = 1): void => void m.set(k, (m.get(k) ?? 0) + n);

export class Ledger {
  private byState: Map<string, number>;
  private cursor = 0;
  private held = new Set<number>();
  private readonly answered = new Map<number, number>();
  private readonly resent = new Map<number, number>();
  private readonly inFlight = new Map<number, number>();
  private readonly rebought = new Map<number, number>();
  private offPath = 0;
  private anyKilled = false;

  constructor(private readonly server: LlmServer, disks: number) {
    this.byState = stepIndexByState(disks);
  }

  /** The same accounts, reading only requests made from now on (a damage case forked from a killed run). */
  fork(): Ledger {
    const copy = new Ledger(this.server, 0);
    Object.assign(copy, { byState: this.byState, held: new Set(this.held), offPath: this.offPath, anyKilled: this.anyKilled, cursor: this.server.requests.length });
    for (const [mine, theirs] of [[this.answered, copy.answered], [this.resent, copy.resent], [this.inFlight, copy.inFlight], [this.rebought, copy.rebought]] as const) for (const [k, v] of mine) theirs.set(k, v);
    return copy;
  }

  /** A process died with SIGKILL since the last settle. */
  noteKill(): void {
    this.anyKilled = true;
  }

  /**
   * After the processes of a phase have exited: takes the requests they made and the store's view
   * of what it holds now. `killed`: a process died with SIGKILL, so steps it asked for and the
   * store does not hold were in flight.
   */
  settle(stored: Stored): void {
    const killed = this.anyKilled;
    this.anyKilled = false;
    const batch = new Map<number, number>();
    const firstAt = new Map<number, number>();
    const news = this.server.requests.slice(this.cursor);
    this.cursor = this.server.requests.length;
    for (const r of news) {
      const step = stepOfPrompt(this.byState, r.parsed?.prompt ?? '');
      if (!firstAt.has(step)) firstAt.set(step, r.at);
    }
    for (const r of news) {
      if (r.answered !== 200 || r.fault) continue;
      const step = stepOfPrompt(this.byState, r.parsed?.prompt ?? '');
      if (step === 0) {
        this.offPath++;
        continue;
      }
      bump(this.answered, step);
      bump(batch, step);
      const next = firstAt.get(step + 1);
      if (this.held.has(step) || (next !== undefined && next < r.at)) bump(this.resent, step);
    }
    if (killed) for (const [step, n] of batch) if (!stored.has(step)) bump(this.inFlight, step, n);
    this.held = new Set(stored.keys());
  }

  /** Damage between processes: steps held before and not now were destroyed; their samples may be bought again. */
  damaged(after: Stored): void {
    for (const step of this.held) if (!after.has(step)) this.rebought.set(step, (this.answered.get(step) ?? 0) - (this.inFlight.get(step) ?? 0));
    this.held = new Set(after.keys());
  }

  /** `final`: the samples the store keeps per step at the end, unfinished steps included (probe.ts keptOf). */
  result(final: Stored): PaidTwice {
    let paidTwice = 0;
    const steps = new Set([...this.answered.keys(), ...final.keys()]);
    for (const step of steps) {
      const excess = (this.answered.get(step) ?? 0) - (this.inFlight.get(step) ?? 0) - (this.rebought.get(step) ?? 0) - (final.get(step) ?? 0);
      paidTwice += Math.max(0, excess, this.resent.get(step) ?? 0);
    }
    const sum = (m: Map<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    return {
      paidTwice,
      resent: sum(this.resent),
      inFlightLost: sum(this.inFlight),
      damageRebought: sum(this.rebought),
      offPath: this.offPath,
      answered: sum(this.answered) + this.offPath,
      stored: sum(final),
    };
  }
}
