// Which model draws a sample (the paper's Sec. 5 decorrelation). An agent with `models` samples
// round-robin across them, so two models' different mistakes rarely agree; with `escalate` it
// starts on its own (cheap) model and draws from the strong one once the votes disagree.
import type { AgentConfig } from './config';

export interface ModelRef {
  provider: string;
  model: string;
}

export class ModelChoice {
  private readonly keys = new Set<string>();
  private readonly rotation: ModelRef[];
  private readonly stronger?: ModelRef;

  constructor(agent: AgentConfig, base: ModelRef) {
    this.rotation = agent.models?.length ? agent.models.map((m) => ({ provider: m.provider ?? base.provider, model: m.model })) : [base];
    if (agent.escalate) this.stronger = { provider: agent.escalate.to.provider ?? base.provider, model: agent.escalate.to.model };
  }

  /** The model for draw `seq`, given the valid votes seen so far. */
  pick(seq: number): ModelRef {
    if (this.stronger && this.keys.size > 1) return this.stronger;
    return this.rotation[seq % this.rotation.length];
  }

  /** Records a valid vote: a second distinct answer is the disagreement that escalates. */
  saw(key: string): void {
    this.keys.add(key);
  }

  get escalated(): boolean {
    return !!this.stronger && this.keys.size > 1;
  }
}
