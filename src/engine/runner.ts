// Runs one session from start or from where it paused: builds the run's context, picks the
// flow the domain names, and turns how the flow ended into the session's status. Everything
// that ends a run (done, pause, cancel, failure) is saved before run() returns.
import { AdaptiveK } from './adaptiveK';
import { agentModel, agentProvider } from './agentModel';
import { hanoiTask } from './chain/hanoiTask';
import { runChain } from './chain/runChain';
import type { DomainConfig } from './config';
import { type EngineContext, type EngineOptions, Halt, type ResumeDecision, StepPause } from './context';
import { EventBus } from './events';
import { emptySessionMetrics, type SessionMetadata, type SessionRecord, type SessionStatus, type WaitState } from './model';
import { type Clock, type LlmClient, type Logger, type SessionStore, type SyntaxChecker, type Workspace, silentLogger } from './ports';
import { retotal } from './totals';
import { StepWrites } from './stepWrites';
import { runTree } from './tree/runTree';

export interface RunnerDeps {
  store: SessionStore;
  llm: LlmClient;
  clock: Clock;
  workspace?: Workspace;
  syntax?: SyntaxChecker;
  log?: Logger;
  events?: EventBus;
}

export interface StartParams {
  id: string;
  prompt: string;
  domain: DomainConfig;
  options: EngineOptions;
  metadata: SessionMetadata;
}

export interface ResumeParams {
  domain: DomainConfig;
  options: EngineOptions;
  metadata?: SessionMetadata;
  decision?: ResumeDecision;
}

export interface RunResult {
  sessionId: string;
  status: SessionStatus;
  waitState: WaitState | null;
  error?: string;
}

export class Runner {
  readonly events: EventBus;
  private readonly log: Logger;

  constructor(private readonly deps: RunnerDeps) {
    this.events = deps.events ?? new EventBus();
    this.log = deps.log ?? silentLogger;
  }

  async start(p: StartParams, signal: AbortSignal): Promise<RunResult> {
    const now = new Date(this.deps.clock.now()).toISOString();
    const session: SessionRecord = {
      id: p.id, prompt: p.prompt, domain: p.domain.name, flow: p.domain.flow, status: 'running', createdAt: now, updatedAt: now,
      waitState: null, metrics: emptySessionMetrics(), metadata: p.metadata,
    };
    session.metrics.stepsTotal = p.domain.flow === 'chain' ? chainTask(p.domain, p.options).totalSteps() : 0;
    this.deps.store.createSession(session);
    return this.run(session, p.domain, p.options, signal, false);
  }

  async resume(sessionId: string, p: ResumeParams, signal: AbortSignal): Promise<RunResult> {
    // Damage on disk found now (an unreadable segment) is moved aside and noted on the session first.
    for (const note of this.deps.store.verifySession?.(sessionId, { deep: true }) ?? []) this.log.warn(`session ${sessionId}: ${note}`);
    const session = this.deps.store.getSession(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    if (session.status === 'completed' && !session.damage && !this.lost(session)) return { sessionId, status: 'completed', waitState: null };
    const wait = session.waitState;
    session.status = 'running';
    session.waitState = null;
    session.error = undefined;
    // The baseline is the engine's, measured before the first step, and a spend warning given is
    // not given again (budgetWarn.ts): new settings never drop either.
    if (p.metadata) {
      const { baseline, budgetWarned } = session.metadata;
      session.metadata = { ...p.metadata, ...(baseline ? { baseline } : {}), ...(budgetWarned ? { budgetWarned } : {}) };
    }
    // After an unclean stop the metrics may lag the journaled steps: recount what is certain.
    session.metrics.stepsCompleted = this.deps.store.countSteps(sessionId, { status: 'completed' });
    this.deps.store.updateSession(sessionId, { status: 'running', waitState: null, error: null, metadata: session.metadata, metrics: session.metrics, updatedAt: this.iso() });
    return this.run(session, p.domain, p.options, signal, true, wait ? { wait, decision: p.decision } : undefined);
  }

  private async run(session: SessionRecord, domain: DomainConfig, options: EngineOptions, signal: AbortSignal, resumed: boolean, resume?: EngineContext['resume']): Promise<RunResult> {
    const ctx = this.context(session, domain, options, signal, resume);
    const started = this.deps.clock.now();
    const wallBefore = session.metrics.wallMs;
    // A tree's step count grows as it decomposes: only a chain knows its total up front.
    const knownTotal = domain.flow === 'chain' ? session.metrics.stepsTotal : 0;
    this.events.emit({ type: 'session_started', sessionId: session.id, domain: domain.name, flow: domain.flow, resumed, stepsTotal: knownTotal });
    let status: SessionStatus = 'completed';
    let waitState: WaitState | null = null;
    let error: string | undefined;
    try {
      if (domain.flow === 'chain') await runChain(ctx, chainTask(domain, options));
      else await runTree(ctx);
      if (signal.aborted) status = 'cancelled';
    } catch (e) {
      if (e instanceof StepPause) {
        status = 'paused';
        waitState = e.wait;
      } else if (signal.aborted || e instanceof Halt) {
        status = 'cancelled';
        waitState = { stepId: '', trigger: 'cancelled', details: 'cancelled by the user; resume to continue', at: this.iso() };
      } else {
        status = 'failed';
        error = (e as Error).message ?? String(e);
        this.log.error(`session ${session.id} failed: ${error}`);
      }
    }
    if (domain.flow === 'tree') retotal(session.metrics, this.deps.store.getSteps(session.id));
    let damage: string | null | undefined;
    // Only a resumed chain can have a hole (a fresh run stores every step it runs); a bounded run
    // (subprocess: one step from a given state) is not meant to hold the whole chain. Counting
    // reads the steps held outside SQL into it, so a fresh run does not pay for it.
    const check = resumed && domain.flow === 'chain' && options.maxSteps === undefined && options.chainStart === undefined;
    // Steps run again (a gap, a broken state) were counted twice: count what is stored.
    if (check) session.metrics.stepsCompleted = this.completedChainSteps(session);
    if (status === 'completed' && check && this.lost(session)) {
      // Never "completed" with a hole: the flow ended, yet fewer steps are stored than the task has.
      status = 'failed';
      error = damage = `the run ended with ${this.completedChainSteps(session)} of ${session.metrics.stepsTotal} steps stored; resume to run the missing ones`;
      this.log.error(`session ${session.id}: ${error}`);
    } else if (status === 'completed' && session.damage) {
      damage = null; // what was lost has been run again
    }
    session.metrics.wallMs = wallBefore + (this.deps.clock.now() - started);
    session.status = status;
    session.waitState = waitState;
    this.deps.store.updateSession(session.id, { status, waitState, metrics: session.metrics, error: error ?? null, updatedAt: this.iso(), ...(damage !== undefined ? { damage } : {}) });
    await this.deps.store.flush();
    if (waitState && status === 'paused') this.events.emit({ type: 'paused', sessionId: session.id, waitState });
    this.events.emit({ type: 'session_finished', sessionId: session.id, status, metrics: session.metrics, error });
    return { sessionId: session.id, status, waitState, error };
  }

  /** Steps are missing: a chain stores fewer completed ones than its total, a tree has unfinished ones. */
  private lost(session: SessionRecord): boolean {
    if (session.flow === 'chain') return this.completedChainSteps(session) < session.metrics.stepsTotal;
    return this.deps.store.countSteps(session.id, { status: 'completed' }) < this.deps.store.countSteps(session.id);
  }

  private completedChainSteps(session: SessionRecord): number {
    return this.deps.store.countSteps(session.id, { parentId: null, status: 'completed' });
  }

  private context(session: SessionRecord, domain: DomainConfig, options: EngineOptions, signal: AbortSignal, resume?: EngineContext['resume']): EngineContext {
    const adaptive = new AdaptiveK(options.adaptiveK);
    const writes = new StepWrites(session, domain.flow, this.deps.store, this.deps.clock, this.events, options.warnUsd);
    const ctx: EngineContext = {
      session, domain, options, signal, adaptive, resume,
      llm: this.deps.llm, store: this.deps.store, clock: this.deps.clock, workspace: this.deps.workspace, syntax: this.deps.syntax, events: this.events, log: this.log,
      halted: false,
      agent: (role) => domain.agents[role],
      kFor: (role) => adaptive.k(role, options.kOverride ?? domain.agents[role]?.k ?? 1),
      provider: (agent) => agentProvider(agent, options),
      model: (agent) => agentModel(agent, options),
      saveStep: writes.save,
      keepPaid: writes.keepPaid,
      account: writes.account,
      checkHalt: () => {
        if (signal.aborted || ctx.halted) throw new Halt();
      },
    };
    return ctx;
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

function chainTask(domain: DomainConfig, options: EngineOptions) {
  if (domain.chain?.task !== 'hanoi') throw new Error(`chain domain '${domain.name}' names no known task (hanoi)`);
  return hanoiTask(options.disks ?? domain.chain.disks);
}
