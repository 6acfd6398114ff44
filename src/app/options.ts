// Turns what the user asked for (CLI flags, extension settings, stored metadata) into engine
// options and session metadata. Keys never enter metadata: it is persisted.
import type { AgentConfig, DomainConfig } from '../engine/config';
import { definedOnly } from '../engine/defined';
import type { EngineOptions } from '../engine/context';
import type { SessionMetadata } from '../engine/model';
import type { RunOverrides } from './api';

export const DEFAULT_PROVIDER = 'simulated';

/** Expects overrides already checked by checkRunNumbers (bounds.ts), as startRun and resumeRun do. */
export function engineOptions(domain: DomainConfig, o: RunOverrides): EngineOptions {
  return {
    provider: o.provider ?? DEFAULT_PROVIDER,
    model: o.model,
    kOverride: o.k,
    samplesOverride: o.samples,
    adaptiveK: o.adaptiveK ?? false,
    stepByStep: o.stepByStep ?? false,
    thresholds: { ...domain.humanThresholds, ...definedOnly(o.thresholds ?? {}) },
    disks: o.disks,
    extraVars: o.extraVars,
    chainStart: o.chainStart,
    maxSteps: o.maxSteps,
    warnUsd: o.warnUsd ?? domain.limits.warnUsd,
    maxStepUsd: o.maxStepUsd ?? domain.limits.maxCostPerStep,
  };
}

/** Per-run changes to the domain itself. */
export function domainFor(domain: DomainConfig, o: RunOverrides): DomainConfig {
  let d = domain;
  if (o.maxDepth !== undefined) d = { ...d, limits: { ...d.limits, maxDepth: o.maxDepth } };
  if (o.voteRule !== undefined) d = { ...d, voteRule: o.voteRule };
  if (o.sampling !== undefined) d = { ...d, agents: everyAgent(d.agents, (a) => ({ ...a, draws: o.sampling })) };
  // --seed also fixes the sampling seed of agents that sample with one (the local model), so a
  // run on a real model can be repeated exactly.
  if (o.seed !== undefined) d = { ...d, agents: seeded(d.agents, o.seed) };
  return d;
}

function seeded(agents: DomainConfig['agents'], seed: number): DomainConfig['agents'] {
  return everyAgent(agents, (a) => (a.sampling ? { ...a, sampling: { ...a.sampling, seed } } : a));
}

function everyAgent(agents: DomainConfig['agents'], change: (a: AgentConfig) => AgentConfig): DomainConfig['agents'] {
  const out: DomainConfig['agents'] = {};
  for (const [role, a] of Object.entries(agents) as [keyof DomainConfig['agents'], AgentConfig | undefined][]) out[role] = a && change(a);
  return out;
}

/** What resume needs to run the session again the same way. */
export function metadataOf(o: RunOverrides): SessionMetadata {
  const { apiKey: _key, ...rest } = o;
  return definedOnly(rest) as SessionMetadata;
}

/** Stored metadata with this run's overrides on top (resume). */
export function mergeOverrides(stored: SessionMetadata, o: RunOverrides): RunOverrides {
  return { ...stored, ...definedOnly(o) };
}

/** A bad flag or argument: exit code 2 with one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
