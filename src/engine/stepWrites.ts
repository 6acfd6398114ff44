// What a step write is: the step row stamped with the time, with the samples drawn for it in the
// same store write when there are any (a paid sample goes out at once, keepPaid); and a step's
// metrics added to the session's, which reach the store (and the `metrics` event) at most once a
// second, since the journal keeps every step anyway. One StepWrites serves one run. The roll-up rule
// itself is totals.ts: a chain adds each step once (finished, or left unfinished with what it
// paid), a tree re-sums its few rows.
import type { EventBus } from './events';
import type { DomainConfig } from './config';
import type { SampleRecord, SessionRecord, StepMetrics, StepRecord } from './model';
import { dueWarning } from './budgetWarn';
import { addStep, retotal } from './totals';
import type { Clock, SessionStore } from './ports';

/** Session metrics are written at most this often during a run. */
const METRICS_EVERY_MS = 1000;

export class StepWrites {
  private lastMetrics: number;
  // Steps finish many times per millisecond in a simulated run: format each millisecond once.
  private isoAt = NaN;
  private isoText = '';

  constructor(
    private readonly session: SessionRecord,
    private readonly flow: DomainConfig['flow'],
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly warnUsd?: number,
  ) {
    this.lastMetrics = clock.now();
  }

  /** Persists a step row (cheap; journaled), with the samples drawn for it when given (one store write). */
  readonly save = (step: StepRecord, samples?: SampleRecord[]): void => {
    const { store } = this;
    step.updatedAt = this.isoNow();
    if (samples?.length && store.putStepWithSamples) store.putStepWithSamples(this.session.id, step, samples);
    else {
      if (samples?.length) store.addSamples(this.session.id, samples);
      store.putStep(this.session.id, step);
    }
  };

  /**
   * A sample that cost money, journaled the moment it is paid, with its step (status and counters
   * as they are now): a crash before the step finishes then loses neither the record of the spend
   * nor the vote, which a resume counts again (runChain). Free samples (simulated, scripted) wait
   * for their step's one write: a million-step chain must not pay a journal write per sample.
   */
  readonly keepPaid = (step: StepRecord, sample: SampleRecord): void => {
    this.save(step, [sample]);
  };

  /**
   * Adds a step's metrics to the session's and persists them now and then. A chain step counts
   * once, when it finishes or when the run leaves it `unfinished` (a pause, a cancel, a failure);
   * `since` is what a step picked up from the store had already added (addStep takes it back).
   */
  readonly account = (step: StepRecord, since?: StepMetrics, unfinished?: boolean): void => {
    const sm = this.session.metrics;
    if (this.flow === 'tree') {
      // A tree's rows are few (12 children a step at most, a few levels deep): re-read them.
      retotal(sm, this.store.getSteps(this.session.id));
    } else {
      if (!unfinished) sm.stepsCompleted++;
      addStep(sm, step.metrics);
      if (since) addStep(sm, since, -1);
    }
    const now = this.clock.now();
    this.warnIfDue();
    if (now - this.lastMetrics >= METRICS_EVERY_MS) {
      this.lastMetrics = now;
      this.store.updateSession(this.session.id, { metrics: sm, updatedAt: new Date(now).toISOString() });
      if (this.events.hasListeners) this.events.emit({ type: 'metrics', sessionId: this.session.id, metrics: sm });
    }
  };

  /** The spend warning, the first time the totals reach it: stored at once (a crash must not repeat it), then told. */
  private warnIfDue(): void {
    const w = dueWarning(this.session, this.warnUsd, this.isoNow());
    if (!w) return;
    this.store.updateSession(this.session.id, { metadata: this.session.metadata, metrics: this.session.metrics });
    this.events.emit({ type: 'budget_warning', sessionId: this.session.id, spentUsd: w.spentUsd, warnUsd: w.warnUsd });
  }

  private isoNow(): string {
    const now = this.clock.now();
    if (now !== this.isoAt) {
      this.isoAt = now;
      this.isoText = new Date(now).toISOString();
    }
    return this.isoText;
  }
}
