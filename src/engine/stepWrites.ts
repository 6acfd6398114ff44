// What a step write is: the step row stamped with the time, with the samples drawn for it in the
// same store write when there are any; and once a step finishes, its metrics added to the
// session's, which reach the store (and the `metrics` event) at most once a second, since the
// journal keeps every step anyway. One StepWrites serves one run.
import type { EventBus } from './events';
import type { SampleRecord, SessionRecord, StepRecord } from './model';
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
    const m = step.metrics;
    sm.stepsCompleted++;
    sm.samples += m.samplesRequested;
    sm.resamples += m.resamples;
    for (const f in m.redFlags) sm.redFlags += m.redFlags[f];
    sm.tokensIn += m.tokensIn;
    sm.tokensOut += m.tokensOut;
    sm.costUsd += m.costUsd;
    if (m.tally && m.tally.votes > sm.maxVotesPerStep) sm.maxVotesPerStep = m.tally.votes;
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
