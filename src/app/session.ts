// The facade's calls: start, resume and inspect sessions. The CLI and the extension both go
// through here, so a session started in one can be resumed in the other.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getDomain, loadConfig } from '../config/load';
import type { DomainConfig } from '../engine/config';
import type { EngineOptions } from '../engine/context';
import type { SampleRecord, StepRecord } from '../engine/model';
import type { SessionStore } from '../engine/ports';
import { Runner } from '../engine/runner';
import { unfixableDamage } from '../store';
import { systemClock } from '../llm';
import type { AppDeps, Decision, RunHandle, RunOverrides, RunRequest } from './api';
import { checkRunNumbers } from './bounds';
import { checkDecision } from './decision';
import { buildLlm } from './clients';
import { domainFor, engineOptions, mergeOverrides, metadataOf, UsageError } from './options';
import { preflight } from './preflight';
import { checkSpendMarks } from './spendMarks';
import { buildWorkspace } from './workspace';

export function configPathFor(o: RunOverrides, resourceRoot: string): string {
  return o.configPath ? resolve(o.configPath) : join(resourceRoot, 'config.yaml');
}

/** Only a Towers of Hanoi chain can run without a prompt: its task is the puzzle. */
function defaultPrompt(domain: DomainConfig, disks: number | undefined): string {
  if (domain.chain?.task !== 'hanoi') throw new UsageError(`a run of domain '${domain.name}' needs a prompt (--prompt); only Towers of Hanoi chains have a default`);
  return `Solve Towers of Hanoi with ${disks ?? domain.chain.disks} disks`;
}

export async function startRun(req: RunRequest, deps: AppDeps): Promise<RunHandle> {
  const { prompt, domain: domainName, ...overrides } = req;
  checkRunNumbers(overrides);
  const config = loadConfig(configPathFor(overrides, deps.resourceRoot));
  const domain = domainFor(getDomain(config, domainName), overrides);
  const options = engineOptions(domain, overrides);
  checkSpendMarks(overrides, domain, options);
  const text = prompt || defaultPrompt(domain, options.disks);
  const id = randomUUID();
  const metadata = metadataOf({ ...overrides, configPath: config.path });
  const run = await prepare(overrides, domain, deps, 0);
  const controller = new AbortController();
  const done = run.runner
    .start({ id, prompt: text, domain, options, metadata }, controller.signal)
    .finally(() => run.dispose());
  return handle(id, controller, done, options, deps.store);
}

export async function resumeRun(sessionId: string, o: RunOverrides & { decision?: Decision }, deps: AppDeps): Promise<RunHandle> {
  let session = deps.store.getSession(sessionId);
  if (!session) throw new Error(`no session ${sessionId} in the store`);
  // Lost steps are re-run by the flow (it finds the gap) and a whole run clears the note; only
  // damage a re-run cannot fix is refused, with what is missing (store/damage.ts).
  const unfixable = unfixableDamage(session.damage);
  if (unfixable) throw new Error(`session ${sessionId} is damaged and cannot be resumed: ${unfixable} (\`microfactory doctor --repair\` rebuilds what can be rebuilt)`);
  if (session.status === 'running' && deps.store.recount) {
    // Its process died mid-run (the lease check let it through): its totals lag what it journaled,
    // and the budget below starts from them. Sum them again from the stored steps.
    deps.store.recount(sessionId);
    session = deps.store.getSession(sessionId)!;
  }
  const { decision, ...rest } = o;
  checkDecision(session, session.waitState?.stepId ? deps.store.getStep(sessionId, session.waitState.stepId) : undefined, decision);
  const overrides = mergeOverrides(session.metadata, rest);
  if (o.apiKey) overrides.apiKey = o.apiKey;
  checkRunNumbers(overrides);
  const config = loadConfig(configPathFor(overrides, deps.resourceRoot));
  const domain = domainFor(getDomain(config, session.domain), overrides);
  const options = engineOptions(domain, overrides);
  checkSpendMarks(overrides, domain, options);
  const run = await prepare(overrides, domain, deps, session.metrics.costUsd, true);
  const controller = new AbortController();
  const done = run.runner
    .resume(sessionId, { domain, options, metadata: metadataOf({ ...overrides, configPath: config.path }), decision }, controller.signal)
    .finally(() => run.dispose());
  return handle(sessionId, controller, done, options, deps.store);
}

function handle(sessionId: string, controller: AbortController, done: RunHandle['done'], options: EngineOptions, store: SessionStore): RunHandle {
  return {
    sessionId,
    done,
    cancel: () => controller.abort(new Error('cancelled by the user')),
    setStepByStep: (on) => {
      // The engine reads the option at each step; the metadata makes later resumes keep it.
      options.stepByStep = on;
      const s = store.getSession(sessionId);
      if (s && s.metadata.stepByStep !== on) store.updateSession(sessionId, { metadata: { ...s.metadata, stepByStep: on } });
    },
  };
}

async function prepare(o: RunOverrides, domain: DomainConfig, deps: AppDeps, spentUsd: number, resuming = false) {
  const llm = buildLlm(o, domain, deps, spentUsd);
  // Before the workspace (which may refuse a dirty repository) and before any session row.
  await preflight(o, domain, llm);
  const ws = await buildWorkspace(o, domain, deps, resuming);
  const runner = new Runner({ store: deps.store, llm, clock: systemClock, log: deps.log, workspace: ws.workspace, syntax: ws.syntax });
  if (deps.onEvent) runner.events.on(deps.onEvent);
  return { runner, dispose: () => ws.dispose() };
}

export interface DomainSummary {
  name: string;
  flow: string;
  vote: string;
  description?: string;
  /** A chain domain's task (e.g. hanoi): what the domain picker matches a prompt against. */
  chainTask?: string;
  agents: Record<string, { model: string; provider?: string; samples: number; k: number }>;
}

export async function listDomains(configPath: string | undefined, resourceRoot: string): Promise<DomainSummary[]> {
  const config = loadConfig(configPathFor({ configPath }, resourceRoot));
  return Object.values(config.domains).map((d) => ({
    name: d.name,
    flow: d.flow,
    vote: d.vote,
    description: d.description,
    chainTask: d.chain?.task,
    agents: Object.fromEntries(Object.entries(d.agents).map(([role, a]) => [role, { model: a!.model, provider: a!.provider, samples: a!.samples, k: a!.k }])),
  }));
}

export interface PausedCandidate {
  step: StepRecord;
  changeSet?: StepRecord['changeSet'];
  candidates: SampleRecord[];
}

/** The step a paused session waits on, with its planned change set and the samples drawn for it. */
export function pausedCandidate(store: SessionStore, sessionId: string): PausedCandidate | undefined {
  const s = store.getSession(sessionId);
  if (!s?.waitState?.stepId) return undefined;
  const step = store.getStep(sessionId, s.waitState.stepId);
  if (!step) return undefined;
  return { step, changeSet: step.changeSet, candidates: store.getSamples(sessionId, step.id) };
}

/** Where the bundled config.yaml, templates and WASM files live for a script at `dir`. */
export function resourceRootFrom(dir: string): string {
  for (const candidate of [dir, resolve(dir, '..'), resolve(dir, '../..'), resolve(dir, '../../..')]) {
    if (existsSync(join(candidate, 'config.yaml')) && existsSync(join(candidate, 'templates'))) return candidate;
  }
  return resolve(dir, '..');
}
