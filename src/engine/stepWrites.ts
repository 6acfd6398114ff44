// What a step write is: the step row stamped with the time, with the samples drawn for it in the
// same store write when there are any; and once a step finishes, its metrics added to the
// session's, which reach the store (and the `metrics` event) at most once a second, since the
// journal keeps every step anyway. One StepWrites serves one run. The roll-up rule itself is
// totals.ts: a chain adds each finished step once, a tree re-sums its few rows.
import type { EventBus } from './events';
import type { DomainConfig } from './config';
import type { SampleRecord, SessionRecord, StepRecord } from './model';
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

  /** Adds a finished step's metrics to the session's and persists them now and then. */
  readonly account = (step: StepRecord): void => {
    const sm = this.session.metrics;
    if (this.flow === 'tree') {
      // A tree's rows are few (12 children a step at most, a few levels deep): re-read them.
      retotal(sm, this.store.getSteps(this.session.id));
    } else {
      sm.stepsCompleted++;
      addStep(sm, step.metrics);
    }
    const now = this.clock.now();
    if (now - this.lastMetrics >= METRICS_EVERY_MS) {
      this.lastMetrics = now;
      this.store.updateSession(this.session.id, { metrics: sm, updatedAt: new Date(now).toISOString() });
      if (this.events.hasListeners) this.events.emit({ type: 'metrics', sessionId: this.session.id, metrics: sm });
    }
  };

  private isoNow(): string {
    const now = this.clock.now();
    if (now !== this.isoAt) {
      this.isoAt = now;
      this.isoText = new Date(now).toISOString();
    }
    return this.isoText;
  }
}
