// One run of bench:cost: a Hanoi chain or a code task through one wire format in one sampling
// mode, with or without the prompt cache emulated, and the server's bill for it.
import { join } from 'node:path';
import type { RunRequest } from '../../src/app/api';
import { startRun } from '../../src/app/session';
import type { SamplingMode } from '../../src/engine/config';
import { openStore } from '../../src/store';
import { REPO_ROOT, writeCodeConfig } from '../support/codeDomain';
import { startHanoiServer } from '../support/hanoiServer';
import { makeTmpDir } from '../support/tmpDir';
import { LlmServer, type LlmServerOptions, type WireProvider } from '../support/llmServer';
import { testCommand, type CodeTask } from './code-tasks/task';
import { materialize } from './codeRepo';
import { alignedCoder, billByRole, modelOf, RUN_DIR_PREFIX } from './costCoder';
import { countTokens, surroundings, tokenEnds, type RepoShape } from './costRepo';
import type { Measure } from './costReport';

const KEY = 'sk-bench-cost';
/** The code runs' server answers after this long, so that requests sent together overlap, as on a real service. */
const LATENCY_MS = 30;

export type ServerDims = Pick<LlmServerOptions, 'promptCache'>;

async function session<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeTmpDir(RUN_DIR_PREFIX);
  try {
    return await work(dir.path);
  } finally {
    dir.cleanup();
  }
}

export async function hanoi(format: WireProvider, mode: SamplingMode, o: { disks: number; errorRate: number; seed: number }, dims: ServerDims): Promise<Measure> {
  const server = await startHanoiServer({ errorRate: o.errorRate, seed: o.seed, record: false, ...dims });
  try {
    return await session((dir) =>
      measure(server, dir, { prompt: 'bench', domain: 'hanoi', disks: o.disks, k: 3, provider: format, model: 'gpt-4.1-mini', baseUrl: server.baseUrl(format), apiKey: KEY, sampling: mode, maxConcurrentLlm: 8 }),
    );
  } finally {
    await server.close();
  }
}

/** The code domain with the noisy-coder behind the wire server, the task in a repository of `shape`; tokens counted as the engine estimates them. */
export async function code(format: WireProvider, mode: SamplingMode, task: CodeTask, shape: RepoShape, seed: number, dims: ServerDims): Promise<Measure> {
  const cache = dims.promptCache ? { promptCache: { tokenEnds } } : {};
  // A request looks the cache up on arrival: with an instant answer, a round's parallel requests
  // would arrive one after the other's answer and hit, which no provider gives them.
  const server = await LlmServer.start({ countTokens, ...cache, answer: alignedCoder(seed), latencyMs: LATENCY_MS });
  try {
    return await session(async (dir) => {
      const repo = join(dir, 'repo');
      materialize(task, repo, 'buggy', surroundings(shape));
      const configPath = writeCodeConfig(dir, (c) => {
        c.verifier = testCommand(task);
        for (const [role, agent] of Object.entries(c.agents) as [string, Record<string, unknown>][]) Object.assign(agent, { model: modelOf(role), provider: format });
      });
      const m = await measure(server, dir, { prompt: task.prompt, domain: 'code', configPath, repoPath: repo, provider: format, baseUrl: server.baseUrl(format), apiKey: KEY, sampling: mode, seed });
      return { ...m, roles: billByRole(server.requests) };
    });
  } finally {
    await server.close();
  }
}

/** One run through the app layer as the CLI makes it; the bill is the server's, the voted steps the decided races. */
async function measure(server: LlmServer, dir: string, request: RunRequest): Promise<Measure> {
  const store = await openStore(join(dir, 'home', 'sessions.sqlite3'));
  let votes = 0;
  try {
    const run = await startRun(request, { store, resourceRoot: REPO_ROOT, onEvent: (e) => e.type === 'vote_decided' && votes++ });
    const out = await run.done;
    const b = server.billed;
    return { requests: b.requests, input: b.input, output: b.output, cached: b.cached, cacheWrite: b.cacheWrite, votes, status: out.status };
  } finally {
    await store.close();
  }
}

