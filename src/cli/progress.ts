// Live progress from engine events: a redrawn bar on a TTY, plain lines otherwise (CI logs,
// pipes). Written to stderr so stdout stays clean for --json.
import type { EngineEvent } from '../engine/events';
import type { SessionMetrics, VoteTally } from '../engine/model';
import { contextLines } from '../app/contextWords';
import { projectedLabel } from '../app/labels';
import { votesText } from './output';

export class Progress {
  private total = 0;
  private done = 0;
  private samples = 0;
  private flags = 0;
  private started = Date.now();
  private lastDraw = 0;
  private lastLinePct = -1;
  private flow: 'tree' | 'chain' = 'chain';
  /** The latest totals (the `metrics` event, at most once a second): the projected total's input. */
  private metrics?: SessionMetrics;
  private provider: string | undefined;

  /** `providerOf`: a session's provider (undefined: the built-in simulated model), so an unpriced projection says so. */
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty: boolean,
    private readonly providerOf: (sessionId: string) => string | undefined = () => undefined,
  ) {}

  readonly listener = (e: EngineEvent): void => {
    switch (e.type) {
      case 'session_started':
        this.total = e.stepsTotal;
        this.started = Date.now();
        this.flow = e.flow;
        this.provider = this.providerOf(e.sessionId);
        this.line(`session ${e.sessionId} ${e.resumed ? 'resumed' : 'started'} (${e.domain}, ${e.flow} flow${e.stepsTotal ? `, ${e.stepsTotal} steps` : ''})`);
        break;
      case 'verifier_chosen':
      case 'baseline':
        for (const l of contextLines(e)) this.line(l);
        break;
      case 'step_completed':
        this.done++;
        this.samples += e.step.metrics.samplesRequested;
        if (this.total === 0) this.line(`step ${e.step.id} done: ${e.step.description.slice(0, 70)}${votes(e.step.metrics.tally)}`);
        else this.tick();
        break;
      case 'red_flagged':
        this.flags++;
        if (!this.tty && this.total === 0) this.line(`  red flag on step ${e.stepId} (${e.role}): ${e.flags.map((f) => `${f.flagger}: ${f.reason}`).join('; ')}`);
        break;
      case 'metrics':
        this.metrics = e.metrics;
        break;
      case 'paused':
        this.clear();
        this.line(`paused on step ${e.waitState.stepId}: ${e.waitState.trigger}: ${e.waitState.details}`);
        break;
      case 'step_failed':
        this.clear();
        this.line(`step ${e.stepId} failed: ${e.error}`);
        break;
      case 'session_finished':
        this.clear();
        break;
      default:
    }
  };

  private tick(): void {
    if (this.total === 0) return;
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw < 100 && this.done < this.total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round((this.done / this.total) * width);
      this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} steps · ${this.perStep()} samples/step · ${this.flags} red flags · ${((now - this.started) / 1000).toFixed(1)}s${this.projected(' · ')} `);
    } else {
      const pct = Math.floor((this.done / this.total) * 10) * 10;
      if (pct === this.lastLinePct) return;
      this.lastLinePct = pct;
      this.line(`${pct}%: ${this.done}/${this.total} steps, ${this.perStep()} samples/step, ${this.flags} red flags, ${((now - this.started) / 1000).toFixed(1)}s${this.projected(', ')}`);
    }
  }

  /** "projected $0.42 ($0.35–$0.51)" after `sep`, from the latest stored totals; '' before any. */
  private projected(sep: string): string {
    const text = this.metrics ? projectedLabel(this.metrics, this.provider, this.flow) : '';
    return text ? `${sep}projected ${text}` : '';
  }

  private perStep(): string {
    return this.done ? (this.samples / this.done).toFixed(2) : '-';
  }

  private clear(): void {
    if (this.tty && this.total) this.out.write('\r\x1b[K');
  }

  private line(s: string): void {
    this.clear();
    this.out.write(s + '\n');
  }
}

function votes(t: VoteTally | undefined): string {
  return t ? ` (${votesText(t)})` : '';
}
