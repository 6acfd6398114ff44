// What n-sampling and prompt caching save (R2.7): a 10-disk Hanoi chain and a slice of the code
// benchmark through the openai, gemini and anthropic wire formats (the official SDKs against the
// local server), in each sampling mode, with and without the providers' prompt caches emulated, at
// equal prompt and answer lengths (the server counts words as tokens for every format) and one
// price (gpt-4.1-mini's list price for every format, so only the mode and the cache differ).
// The bill is the server's: input once per request, output per choice, cached input at the cached
// rate, as the providers bill.
//   npm run bench:cost [-- --repeat 1 --tasks js-slugify,py-chunks --disks 10 --error-rate 0.01]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRequest } from '../../src/app/api';
import { startRun } from '../../src/app/session';
import type { SamplingMode } from '../../src/engine/config';
import type { AgentRole } from '../../src/engine/model';
import { NoisyCoderClient } from '../../src/llm/noisyCoder';
import { openStore } from '../../src/store';
import { REPO_ROOT, writeCodeConfig } from '../support/codeDomain';
import { startHanoiServer } from '../support/hanoiServer';
import { LlmServer, type LlmServerOptions, type WireProvider } from '../support/llmServer';
import { CODE_TASKS, knownFixesOf } from './code-tasks';
import { testCommand, type CodeTask } from './code-tasks/task';
import { materialize } from './codeRepo';

// gpt-4.1-mini: cached input at a quarter of input; Anthropic's format bills a cache write at 1.25× input.
const PRICE = { input: 0.4, output: 1.6, cachedInput: 0.1, cacheWrite: 0.5 };
const FORMATS: WireProvider[] = ['openai', 'gemini', 'anthropic'];
/** Each sampling mode, then the two n-sampling modes with the providers' prompt caches emulated (promptCache.ts). */
const VARIANTS: { mode: SamplingMode; cache: boolean }[] = [
  { mode: 'separate', cache: false }, { mode: 'batched', cache: false }, { mode: 'after_first', cache: false },
  { mode: 'separate', cache: true }, { mode: 'batched', cache: true }, { mode: 'after_first', cache: true },
];
const ROLES: AgentRole[] = ['decomposition', 'decomposition_discriminator', 'solver', 'solution_discriminator'];
const KEY = 'sk-bench-cost';

type ServerDims = Pick<LlmServerOptions, 'cacheReadTokens' | 'cacheCreationTokens' | 'promptCache'>;

interface Measure {
  requests: number;
  input: number;
  output: number;
  /** Of input, read from / written to the prompt cache. */
  cached: number;
  cacheWrite: number;
  /** Voted steps: decided races. */
  votes: number;
  status: string;
}

async function session<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-cost-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hanoi(format: WireProvider, mode: SamplingMode, o: { disks: number; errorRate: number; seed: number }, dims: ServerDims): Promise<Measure> {
  const server = await startHanoiServer({ errorRate: o.errorRate, seed: o.seed, record: false, ...dims });
  try {
    return await session((dir) =>
      measure(server, dir, { prompt: 'bench', domain: 'hanoi', disks: o.disks, k: 3, provider: format, model: 'gpt-4.1-mini', baseUrl: server.baseUrl(format), apiKey: KEY, sampling: mode, maxConcurrentLlm: 8 }),
    );
  } finally {
    await server.close();
  }
}

/** The code domain with the noisy-coder behind the wire server: each role answers under its own model name. */
async function code(format: WireProvider, mode: SamplingMode, task: CodeTask, seed: number, dims: ServerDims): Promise<Measure> {
  const coder = new NoisyCoderClient({ fixes: knownFixesOf(CODE_TASKS), fixRate: 0.5, judgeRate: 0.8, seed });
  let draw = 0;
  const server = await LlmServer.start({
    record: false,
    ...dims,
    answer: async (prompt, ctx) => {
      const role = ROLES.find((r) => ctx.model === `bench-${r}`) ?? 'solver';
      return (await coder.complete({ provider: 'noisy-coder', model: ctx.model, role, prompt, system: ctx.system, temperature: 0, maxTokens: ctx.maxTokens ?? 4096, meta: { seq: draw++ } })).text;
    },
  });
  try {
    return await session(async (dir) => {
      const repo = join(dir, 'repo');
      materialize(task, repo);
      const configPath = writeCodeConfig(dir, (c) => {
        c.verifier = testCommand(task);
        for (const [role, agent] of Object.entries(c.agents) as [string, Record<string, unknown>][]) Object.assign(agent, { model: `bench-${role}`, provider: format });
      });
      return measure(server, dir, { prompt: task.prompt, domain: 'code', configPath, repoPath: repo, provider: format, baseUrl: server.baseUrl(format), apiKey: KEY, sampling: mode, seed });
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

function usd(m: Measure): number {
  const fresh = m.input - m.cached - m.cacheWrite;
  return (fresh * PRICE.input + m.cached * PRICE.cachedInput + m.cacheWrite * PRICE.cacheWrite + m.output * PRICE.output) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Row {
  format: WireProvider;
  task: string;
  mode: SamplingMode;
  cache: boolean;
  requests: number;
  input: number;
  cached: number;
  output: number;
  votes: number;
  usdPerVote: number;
  ratio?: number;
  statuses: string[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeat: { type: 'string' }, tasks: { type: 'string' }, disks: { type: 'string' }, 'error-rate': { type: 'string' }, seed: { type: 'string' } } });
  const repeat = Number(values.repeat ?? 1);
  const disks = Number(values.disks ?? 10);
  const errorRate = Number(values['error-rate'] ?? 0.01);
  const seed = Number(values.seed ?? 1);
  const ids = (values.tasks ?? 'js-slugify,py-chunks').split(',');
  const tasks = ids.map((id) => CODE_TASKS.find((t) => t.id === id) ?? fail(`--tasks: unknown task ${id}`));
  const t0 = performance.now();
  const rows: Row[] = [];
  const jobs: { task: string; run: (format: WireProvider, mode: SamplingMode, r: number, dims: ServerDims) => Promise<Measure> }[] = [
    { task: `hanoi-${disks}`, run: (f, m, r, dims) => hanoi(f, m, { disks, errorRate, seed: seed + r }, dims) },
    ...tasks.map((t) => ({ task: `code:${t.id}`, run: (f: WireProvider, m: SamplingMode, r: number, dims: ServerDims) => code(f, m, t, seed + r, dims) })),
  ];
  for (const job of jobs) {
    for (const format of FORMATS) {
      for (const { mode, cache } of VARIANTS) {
        // Anthropic has no n-sampling: its batched/after_first rows would repeat separate's.
        if (format === 'anthropic' && mode !== 'separate') continue;
        const ms: Measure[] = [];
        for (let r = 0; r < repeat; r++) ms.push(await job.run(format, mode, r, cache ? { promptCache: true } : {}));
        process.stderr.write(`\r${rows.length + 1} runs`);
        rows.push({
          format, task: job.task, mode, cache, requests: median(ms.map((m) => m.requests)), input: median(ms.map((m) => m.input)), cached: median(ms.map((m) => m.cached)), output: median(ms.map((m) => m.output)),
          votes: median(ms.map((m) => m.votes)), usdPerVote: median(ms.map((m) => usd(m) / Math.max(1, m.votes))), statuses: [...new Set(ms.map((m) => m.status))],
        });
      }
    }
  }
  process.stderr.write('\n');
  // Against today's behaviour: separate requests, nothing cached.
  for (const r of rows) r.ratio = r.usdPerVote / rows.find((b) => b.format === r.format && b.task === r.task && b.mode === 'separate' && !b.cache)!.usdPerVote;
  const wallS = (performance.now() - t0) / 1000;
  console.log(`cost per voted step by sampling mode (k=3 Hanoi at error rate ${errorRate}; code slice: shipped code domain, noisy-coder P=0.5 Q=0.8), $${PRICE.input}/$${PRICE.output} per M tokens, median of ${repeat}`);
  const head = ['format', 'task', 'mode', 'requests', 'billed in', 'cached', 'out', 'votes', '$/voted step', 'vs separate'];
  const body = rows.map((r) => [r.format, r.task, r.mode + (r.cache ? '+cache' : ''), String(r.requests), String(r.input), String(r.cached), String(r.output), String(r.votes), r.usdPerVote.toExponential(3), r.ratio!.toFixed(2) + (r.statuses.join() === 'completed' ? '' : ` (${r.statuses.join('/')})`)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  for (const line of [head, ...body]) console.log(line.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
  console.log(`${rows.length} runs in ${wallS.toFixed(0)} s`);
  console.log(JSON.stringify({
    bench: 'cost', disks, error_rate: errorRate, tasks: ids, repeat, price: PRICE, wall_s: Math.round(wallS),
    rows: rows.map((r) => ({ format: r.format, task: r.task, mode: r.mode, cache: r.cache, requests: r.requests, billed_in: r.input, cached: r.cached, out: r.output, votes: r.votes, usd_per_voted_step: +r.usdPerVote.toPrecision(4), ratio: +r.ratio!.toFixed(3), status: r.statuses.join('/') })),
  }));
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
