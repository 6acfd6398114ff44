// The only door from the extension to the application facade and the store. Both are loaded
// with dynamic import(): esbuild keeps them in the bundle but runs their module code (SDKs,
// sql.js, handlebars) on first use, so activation stays cheap.
import type { AppDeps, Decision, RunHandle, RunOverrides, RunRequest } from '../app/api';
import type { ChangeSet, SampleRecord, StepRecord } from '../engine/model';
import type { Logger, SessionStore } from '../engine/ports';

/** The store plus the cross-process hooks src/store offers (optional: older stores lack them). */
export type HostStore = SessionStore & {
  reloadIfChanged?: () => unknown;
  onExternalChange?: (listener: () => void) => unknown;
};

export interface DomainInfo {
  name: string;
  flow: string;
  agents: Record<string, { model: string; provider?: string }>;
}

export interface PausedCandidate {
  step: StepRecord;
  changeSet?: ChangeSet;
  candidates: SampleRecord[];
}

export interface Backend {
  startRun(req: RunRequest, deps: AppDeps): Promise<RunHandle>;
  resumeRun(sessionId: string, overrides: RunOverrides & { decision?: Decision }, deps: AppDeps): Promise<RunHandle>;
  listDomains(configPath: string | undefined, resourceRoot: string): Promise<DomainInfo[]>;
  pausedCandidate(store: SessionStore, sessionId: string): PausedCandidate | undefined;
  openStore(filePath: string, log: Logger): Promise<HostStore>;
}

let loading: Promise<Backend> | undefined;

export function loadBackend(): Promise<Backend> {
  loading ??= (async () => {
    const [session, store] = await Promise.all([import('../app/session'), import('../store')]);
    return {
      startRun: session.startRun,
      resumeRun: session.resumeRun,
      listDomains: session.listDomains,
      pausedCandidate: session.pausedCandidate,
      openStore: (file: string, log: Logger) => store.openStore(file, { log }) as Promise<HostStore>,
    };
  })();
  return loading;
}
