// Loads config.yaml: YAML with positions -> zod validation -> domains with their templates read
// and compiled. Every problem is one ConfigError line naming file:line:column and the field.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AgentConfig, DomainConfig, LoadedConfig, RedFlaggerConfig } from '../engine/config';
import { AGENT_ROLES, type AgentRole } from '../engine/model';
import { own } from '../engine/own';
import { precompileCheck } from '../engine/template';
import { ConfigError } from './errors';
import { readBoundedText } from './readBounded';
import { type RawAgent, type RawDomain, configSchema } from './schema';
import { agentDefaults, domainDefaults } from './defaults';
import { locate, parseYaml, type YamlSource } from './yamlSource';

export function loadConfig(path: string): LoadedConfig {
  const file = resolve(path);
  const src = parseYaml(path, readBoundedText(path, 'config'));
  const parsed = configSchema.safeParse(src.data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // zod reports an unknown key at its parent object: point at the key itself.
    const p = [...(issue.path as (string | number)[]), ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])];
    throw new ConfigError(`${locate(src, p)}: ${p.join('.') || '(top level)'}: ${issue.message}`);
  }
  const domains: Record<string, DomainConfig> = {};
  for (const [name, raw] of Object.entries(parsed.data.domains)) {
    domains[name] = hydrateDomain(src, dirname(file), name, raw, parsed.data.pricing ?? {});
  }
  if (Object.keys(domains).length === 0) throw new ConfigError(`${path}:1:1: domains: no domain is defined`);
  return { path: file, domains };
}

export function getDomain(config: LoadedConfig, name: string): DomainConfig {
  const d = own(config.domains, name);
  if (!d) throw new ConfigError(`Domain '${name}' not defined in ${config.path}; available: ${Object.keys(config.domains).join(', ')}`);
  return d;
}

function hydrateDomain(src: YamlSource, dir: string, name: string, raw: RawDomain, pricing: DomainConfig['pricing']): DomainConfig {
  const flow = raw.flow ?? (raw.chain ? 'chain' : 'tree');
  if (flow === 'chain' && !raw.chain) throw new ConfigError(`${locate(src, ['domains', name])}: domains.${name}.chain: a chain domain must name its task (chain: { task: hanoi })`);
  const d = domainDefaults(flow);
  const at = (...p: (string | number)[]) => ['domains', name, ...p];
  const agents: DomainConfig['agents'] = {};
  for (const role of AGENT_ROLES) {
    const a = raw.agents[role];
    if (a) agents[role] = hydrateAgent(src, dir, at('agents', role), flow, role, a);
  }
  const verifier = hydrateVerifier(raw.verifier);
  const applier = typeof raw.applier === 'object' ? raw.applier.type : raw.applier;
  const t = raw.human_thresholds;
  return {
    name,
    description: raw.description,
    flow,
    vote: raw.vote ?? (flow === 'chain' ? 'exact' : 'judge'),
    voteRule: raw.vote_rule ?? 'ahead_by_k',
    agents,
    stepGranularity: { maxFiles: raw.step_granularity?.max_files ?? 5, maxLinesChanged: raw.step_granularity?.max_lines_changed ?? 200 },
    applier: applier ?? 'none',
    verifier,
    onVerifyFail: raw.on_verify_fail ?? 'retry',
    verifyRetries: raw.verify_retries ?? 1,
    redFlaggers: hydrateFlaggers(src, dir, at('red_flaggers'), raw.red_flaggers ?? []),
    limits: {
      maxDepth: raw.limits?.max_depth ?? d.maxDepth,
      minWordsToDecompose: raw.limits?.min_words_to_decompose ?? d.minWordsToDecompose,
      voteCap: raw.limits?.vote_cap ?? d.voteCap,
      onVoteCap: raw.limits?.on_vote_cap ?? d.onVoteCap,
      resampleBudget: raw.limits?.resample_budget ?? d.resampleBudget,
      warnUsd: raw.limits?.warn_usd,
      warnUsdAt: raw.limits?.warn_usd !== undefined ? locate(src, at('limits', 'warn_usd')) : undefined,
      maxCostPerStep: raw.limits?.max_cost_per_step,
    },
    humanThresholds: {
      redFlags: t?.red_flags ?? d.thresholds.redFlags,
      resamples: t?.resamples ?? d.thresholds.resamples,
      lowMargin: t?.low_margin ?? d.thresholds.lowMargin,
    },
    chain: raw.chain ? { task: raw.chain.task, disks: raw.chain.disks ?? 10 } : undefined,
    pricing,
  };
}

function hydrateVerifier(raw: RawDomain['verifier']): DomainConfig['verifier'] {
  if (raw === undefined) return undefined;
  const { command, timeout_ms } = typeof raw === 'string' ? { command: raw, timeout_ms: undefined } : raw;
  const auto = command.trim() === 'auto';
  return { command: auto ? 'auto' : command, timeoutMs: timeout_ms ?? 300_000, ...(auto ? { auto } : {}) };
}

function hydrateAgent(src: YamlSource, dir: string, path: (string | number)[], flow: 'tree' | 'chain', role: AgentRole, a: RawAgent): AgentConfig {
  const def = agentDefaults(flow, role);
  const flaggers = hydrateFlaggers(src, dir, [...path, 'red_flaggers'], a.red_flaggers ?? []);
  const lengthCap = flaggers.find((f): f is Extract<RedFlaggerConfig, { type: 'length' }> => f.type === 'length')?.max_tokens;
  const template = readTemplate(src, dir, [...path, 'prompt_template'], a.prompt_template);
  const temperature = a.temperature === undefined ? def.temperature : typeof a.temperature === 'number' ? { first: a.temperature, later: a.temperature } : a.temperature;
  const k = a.k ?? def.k;
  return {
    role,
    template: template.text,
    templateSource: template.source,
    repoMapTokens: a.repo_map_tokens ?? def.repoMapTokens,
    system: a.system_prompt === undefined ? undefined : readTemplate(src, dir, [...path, 'system_prompt'], a.system_prompt).text,
    provider: a.provider,
    model: a.model,
    samples: a.samples ?? (flow === 'chain' ? k : def.samples),
    k,
    temperature,
    // Send max_tokens at the length flag's cap so the provider truncates and the flag sees it.
    maxTokens: a.max_tokens ?? lengthCap ?? def.maxTokens,
    redFlaggers: flaggers,
    sampling: samplingOf(a),
    draws: a.sampling ?? def.draws,
    models: a.models?.map(modelRefOf),
    escalate: a.escalate ? { to: modelRefOf(a.escalate.to), on: a.escalate.on } : undefined,
  };
}

function modelRefOf(m: string | { provider?: string; model: string }): { provider?: string; model: string } {
  return typeof m === 'string' ? { model: m } : m;
}

function samplingOf(a: RawAgent): AgentConfig['sampling'] {
  if (a.top_k === undefined && a.top_p === undefined && a.min_p === undefined && a.seed === undefined) return undefined;
  return { topK: a.top_k, topP: a.top_p, minP: a.min_p, seed: a.seed };
}

function hydrateFlaggers(src: YamlSource, dir: string, path: (string | number)[], list: RedFlaggerConfig[]): RedFlaggerConfig[] {
  return list.map((f, i) => (f.type === 'llm_critique' ? { ...f, prompt_template: readTemplate(src, dir, [...path, i, 'prompt_template'], f.prompt_template).text } : f));
}

/** A value with a newline is inline text; a path-like value is a file relative to the config; other single lines are inline. */
function readTemplate(src: YamlSource, dir: string, path: (string | number)[], value: string): { text: string; source: string } {
  let text = value;
  let source = '<inline>';
  if (!value.includes('\n') && /^[\w./\\-]+\.(hbs|handlebars|txt|md|tmpl|prompt)$|^[\w.-]*[/\\][\w./\\-]+$/.test(value.trim())) {
    const file = resolve(dir, value.trim());
    if (!existsSync(file)) throw new ConfigError(`${locate(src, path)}: ${path.join('.')}: Prompt template ${value.trim()} not found (looked for ${file})`);
    try {
      text = readBoundedText(file, 'the prompt template');
    } catch (e) {
      throw new ConfigError(`${locate(src, path)}: ${path.join('.')}: ${(e as Error).message}`);
    }
    source = file;
  }
  try {
    precompileCheck(text);
  } catch (e) {
    throw new ConfigError(`${locate(src, path)}: ${path.join('.')}: template ${source === '<inline>' ? '' : source + ' '}does not compile: ${handlebarsReason(e as Error)}`);
  }
  return { text, source };
}

/** Handlebars puts where on the first line and what on the last; keep both, drop the caret art. */
function handlebarsReason(e: Error): string {
  return e.message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^-*\^$/.test(l))
    .join(' ');
}
