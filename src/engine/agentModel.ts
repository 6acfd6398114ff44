// Which provider and model an agent calls: one rule for the run (runner.ts) and for every view
// that says beforehand what will run (the extension's domain picker).
import type { AgentConfig } from './config';

/** The run's defaults: the CLI's --llm-provider/--llm-model, the editor's settings. */
export interface ModelDefaults {
  provider: string;
  model?: string;
}

export function agentProvider(agent: Pick<AgentConfig, 'provider'>, d: ModelDefaults): string {
  return agent.provider ?? d.provider;
}

/** An agent that names its provider keeps its model; otherwise the run's model wins over the config's. */
export function agentModel(agent: Pick<AgentConfig, 'provider' | 'model'>, d: ModelDefaults): string {
  return agent.provider ? agent.model : d.model ?? agent.model;
}
