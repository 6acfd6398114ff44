// Builds an agent's flag pipeline from config: the domain's flaggers plus the agent's own.
import type { AgentConfig, DomainConfig, RedFlaggerConfig } from '../config';
import type { LlmClient, SyntaxChecker, Workspace } from '../ports';
import { ApplyFlagger } from './apply';
import { CritiqueFlagger } from './critique';
import { FormatFlagger } from './format';
import { LengthFlagger } from './length';
import { MarkdownFlagger } from './markdown';
import { RedFlagPipeline } from './pipeline';
import { SyntaxFlagger } from './syntax';
import type { Parser, RedFlagger } from './types';

export interface FlaggerDeps {
  llm: LlmClient;
  defaultProvider: string;
  syntax?: SyntaxChecker;
  workspace?: Workspace;
  /** The domain's strict parser for this role, if it has one (the sampler's own, so its parse is reused). */
  parse?: Parser;
  signal?: AbortSignal;
}

export function buildPipeline(domain: DomainConfig, agent: AgentConfig, deps: FlaggerDeps): RedFlagPipeline {
  // Domain-level flaggers judge what the domain produces, i.e. the solver's answers; a
  // discriminator's "OPTION: 2" is not Python. Agent-level flaggers apply to their agent.
  const configs = merge(agent.role === 'solver' ? domain.redFlaggers : [], agent.redFlaggers);
  const flaggers: RedFlagger[] = [];
  // A chain domain's parser is always a red flag: an unparseable sample cannot vote.
  if (deps.parse && !configs.some((c) => c.type === 'format')) flaggers.push(new FormatFlagger(deps.parse));
  for (const c of configs) flaggers.push(make(c, deps));
  if (agent.role === 'solver' && deps.workspace && domain.applier !== 'none') flaggers.push(new ApplyFlagger(deps.workspace));
  // Synchronous, cheap checks first (see RedFlagPipeline). `apply` before `syntax`: its plan
  // gives the syntax flag the files as they would be written (Draft.planned).
  const rank = (f: RedFlagger) => ({ length: 0, format: 1, markdown: 2, apply: 3, syntax: 4, llm_critique: 5 })[f.name] ?? 6;
  return new RedFlagPipeline(flaggers.sort((a, b) => rank(a) - rank(b)));
}

/**
 * One flagger per check: a check set at both levels runs (and reports a sample) once, with the
 * agent's settings, which are the more specific. Later entries win within a level too.
 */
function merge(domainLevel: RedFlaggerConfig[], agentLevel: RedFlaggerConfig[]): RedFlaggerConfig[] {
  const byCheck = new Map<string, RedFlaggerConfig>();
  for (const c of [...domainLevel, ...agentLevel]) byCheck.set(checkOf(c), c);
  return [...byCheck.values()];
}

/**
 * What makes two configs the same check: the kind, plus what it looks at (a syntax language, a
 * critic's model and prompt). The rest (a token cap, a scope) are settings of that one check.
 */
function checkOf(c: RedFlaggerConfig): string {
  switch (c.type) {
    case 'syntax':
      return `syntax\u0000${c.language}`;
    case 'llm_critique':
      return `llm_critique\u0000${c.provider ?? ''}\u0000${c.model}\u0000${c.prompt_template}`;
    default:
      return c.type;
  }
}

function make(c: RedFlaggerConfig, deps: FlaggerDeps): RedFlagger {
  switch (c.type) {
    case 'length':
      return new LengthFlagger(c.max_tokens);
    case 'format':
      if (!deps.parse) throw new Error(`red flagger 'format' is set on a role that has no strict parser`);
      return new FormatFlagger(deps.parse);
    case 'markdown':
      return new MarkdownFlagger({ requireHeading: c.require_heading ?? true, minSections: c.min_sections ?? 1, maxChars: c.max_chars ?? 0 });
    case 'syntax':
      if (!deps.syntax) throw new Error(`red flagger 'syntax' (${c.language}) needs a syntax checker`);
      return new SyntaxFlagger(deps.syntax, c.language, { scope: c.scope, extractXml: c.extract_xml });
    case 'llm_critique':
      return new CritiqueFlagger(deps.llm, { provider: c.provider ?? deps.defaultProvider, model: c.model, template: c.prompt_template, maxTokens: c.max_tokens ?? 256 }, deps.signal);
  }
}
