// The heavy half of the extension, bundled on its own as dist/extension-core.js: the facade,
// the engine, the SDKs, sql.js. extension.js requires it on first use only, so activating the
// extension parses a small bundle instead of every SDK.
import { candidateChangeSet } from '../app/candidates';
import { configProblem } from '../app/configCheck';
import { decisionView } from '../app/decisionView';
import { listDomains, pausedCandidate, resumeRun, startRun } from '../app/session';
import type { Logger } from '../engine/ports';
import { openStore } from '../store';
import { stashAll } from '../workspace';
import type { Backend, HostStore } from './backend';

export const backend: Backend = {
  startRun,
  resumeRun,
  listDomains,
  pausedCandidate,
  candidateChangeSet,
  configProblem,
  stashAll,
  decisionView,
  openStore: (file: string, log: Logger) => openStore(file, { log }) as Promise<HostStore>,
};
