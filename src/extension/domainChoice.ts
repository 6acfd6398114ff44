// What the domain picker says and which item it preselects, without the editor (unit-tested):
// each domain's models as they will actually run (the settings' provider/model applied by the
// engine's own rule, engine/agentModel.ts), and the domain that fits the prompt.
import type { DomainSummary } from '../app/session';
import { agentModel, agentProvider } from './backend';

/** The facade's provider when neither the agent nor the settings name one (app/options.ts). */
export const DEFAULT_PROVIDER = 'simulated';
const LOCAL = new Set(['simulated', 'scripted']);

export interface RunChoice {
  provider?: string;
  model?: string;
}

/** Each distinct provider/model pair the domain's agents will call, e.g. ["simulated"], ["openai-compatible · fake"]. */
export function resolvedModels(d: DomainSummary, run: RunChoice): { provider: string; label: string }[] {
  const defaults = { provider: run.provider ?? DEFAULT_PROVIDER, model: run.model };
  const seen = new Map<string, { provider: string; label: string }>();
  for (const a of Object.values(d.agents)) {
    const provider = agentProvider(a, defaults);
    // The built-in models answer by themselves: their configured model name is never sent anywhere.
    const label = LOCAL.has(provider) ? provider : `${provider} · ${agentModel(a, defaults)}`;
    seen.set(label, { provider, label });
  }
  return [...seen.values()];
}

const HANOI = /\b(towers?\s+of\s+hanoi|hanoi)\b/i;
const CODE = /\b(add|fix|refactor|implement|rename|test|tests|bug|function|class|method|module|endpoint|api|compile|lint|type ?check)\b|\.(ts|tsx|js|py|rs|go|java|c|cpp|cs|rb|php|json|ya?ml)\b|\bsrc\//i;

/**
 * The domain to preselect: a chain domain whose task the prompt names (hanoi for "Towers of
 * Hanoi"), else `code` for a code-ish prompt when a folder is open, else the last one used.
 */
export function preselectDomain(domains: Pick<DomainSummary, 'name' | 'flow' | 'chainTask'>[], ctx: { prompt: string; hasRepo: boolean; last?: string }): string | undefined {
  const named = (n: string) => domains.find((d) => d.name === n)?.name;
  if (HANOI.test(ctx.prompt)) {
    const hanoi = domains.find((d) => d.chainTask === 'hanoi') ?? domains.find((d) => d.name === 'hanoi');
    if (hanoi) return hanoi.name;
  }
  if (ctx.hasRepo && CODE.test(ctx.prompt) && named('code')) return 'code';
  return ctx.last ? named(ctx.last) : undefined;
}
