// What every MCP tool and resource handler gets: the store shared with the CLI, serve and the
// editor; the app's run registry for the runs this server starts or resumes (their leases tell
// other processes they are live); per-session listeners for progress; the trust the server was
// started with; and the redaction every outgoing text passes through.
import type { AppDeps, RunHandle, RunRequest } from '../app/api';
import { Runs, type ResumeOverrides } from '../app/runs';
import { resumeRun, startRun } from '../app/session';
import type { EngineEvent } from '../engine/events';
import type { Logger, SessionStore } from '../engine/ports';
import { machineKeys, redactSecrets, type LlmCall } from '../llm';

export interface McpDeps {
  store: SessionStore;
  resourceRoot: string;
  log: Logger;
  /** false: an untrusted workspace (the editor says so): nothing is written, no verifier runs, approve of a write is refused. */
  trusted: boolean;
  /** Most runs at once (each holds a model client, a workspace and LLM concurrency). */
  maxRuns?: number;
  /** The CLI's session log and -v view. */
  onEvent?: (e: EngineEvent) => void;
  onLlmCall?: (c: LlmCall) => void;
  env?: NodeJS.ProcessEnv;
}

export class McpContext {
  readonly runs: Runs;
  private readonly listeners = new Map<string, Set<(e: EngineEvent) => void>>();
  private readonly secrets: string[];

  constructor(readonly deps: McpDeps) {
    this.secrets = machineKeys(deps.env ?? process.env);
    const app: AppDeps = {
      store: deps.store,
      resourceRoot: deps.resourceRoot,
      log: deps.log,
      trusted: deps.trusted,
      onLlmCall: deps.onLlmCall,
      onEvent: (e) => {
        deps.onEvent?.(e);
        for (const f of this.listeners.get(e.sessionId) ?? []) f(e);
      },
    };
    this.runs = new Runs({
      launcher: () => ({ startRun, resumeRun }),
      deps: () => app,
      words: { here: 'this MCP server', force: "call resume with force: true", list: 'the status tool lists them' },
      maxRuns: deps.maxRuns ?? 4,
      onFinished: (o, crash) => {
        if (crash === undefined) deps.log.info(`mcp: session ${o.sessionId} ${o.status}${o.error ? `: ${o.error}` : ''}`);
        else deps.log.error(`mcp: session ${o.sessionId} crashed: ${(crash as Error)?.message ?? String(crash)}`);
      },
    });
  }

  get store(): SessionStore {
    return this.deps.store;
  }

  get trusted(): boolean {
    return this.deps.trusted;
  }

  start(req: RunRequest): Promise<RunHandle> {
    return this.runs.start(req);
  }

  resume(sessionId: string, o: ResumeOverrides, force: boolean): Promise<RunHandle> {
    return this.runs.resume(sessionId, o, force);
  }

  /** Engine events of one session while `f` is subscribed; returns the unsubscribe. */
  listen(sessionId: string, f: (e: EngineEvent) => void): () => void {
    const set = this.listeners.get(sessionId) ?? new Set();
    set.add(f);
    this.listeners.set(sessionId, set);
    return () => {
      set.delete(f);
      if (set.size === 0) this.listeners.delete(sessionId);
    };
  }

  /** Keys of this machine (environment, ~/.env) never leave the server, whatever text carries them. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}
