// The `local` provider: any GGUF model run in-process by node-llama-cpp, an optional package
// (it is large and native, so it is installed on demand: scripts/setup-local-model.sh). The
// model string is the GGUF's path. Prompts are completed as raw text (system, a blank line,
// prompt), which is what small task-trained models expect; sampling follows the request's
// temperature and `sampling` (top_k/top_p/min_p/seed), drawing a fresh seed per sample unless
// the agent fixes one, since identical seeds would make parallel votes identical.
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LlmConfigError, type LlmClient, type LlmRequest, type LlmResponse } from '../engine/ports';

const SETUP_SCRIPT = join('scripts', 'setup-local-model.sh');
const LOCAL_INSTALL_HINT = `bash ${SETUP_SCRIPT}`;
const PINNED = '3.21.1';

/** The part of node-llama-cpp's API this client uses (so it type-checks without the package). */
interface LlamaModule {
  getLlama(o: { gpu: false; build: 'never'; logLevel?: unknown }): Promise<Llama>;
  LlamaLogLevel: { error: unknown };
}
interface Llama {
  loadModel(o: { modelPath: string }): Promise<LlamaModel>;
}
interface LlamaModel {
  tokenize(text: string): number[];
  detokenize(tokens: readonly number[]): string;
  tokens: { bos: number | null; eos: number | null };
  createContext(o: { contextSize: number; sequences: number; threads: number }): Promise<LlamaContext>;
}
interface LlamaContext {
  contextSize: number;
  getSequence(): LlamaSequence;
}
interface LlamaSequence {
  evaluate(tokens: number[], o: { temperature: number; topK?: number; topP?: number; minP?: number; seed?: number }): AsyncGenerator<number>;
  clearHistory(): Promise<void>;
}

export interface LocalClientOptions {
  /** Where a relative model path is looked for, in order (default: the working directory). */
  searchDirs?: string[];
  /** Parallel sequences per model; default: one per core, at least 1, at most 4. */
  sequences?: number;
  /** Threads per evaluation. 1: on small machines more threads fight Node's own (measured 20× slower at 2 on 2 cores). */
  threads?: number;
}

interface Loaded {
  model: LlamaModel;
  free: LlamaSequence[];
  waiting: ((s: LlamaSequence) => void)[];
  contextSize: number;
}

// One llama.cpp runtime and one context per model file for the whole process, shared by every
// client: each session builds its own client, and a long-lived process (the extension host, the
// demo's 60 runs) would otherwise load the model and its sequences again for every run and never
// free them. Concurrent runs queue on the shared sequences.
const models = new Map<string, Promise<Loaded>>();
let llama: Promise<Llama> | undefined;

export class LocalClient implements LlmClient {
  constructor(private readonly opts: LocalClientOptions = {}) {}

  async prepare(model: string): Promise<void> {
    await this.model(model);
  }

  async complete(req: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const started = Date.now();
    const loaded = await this.model(req.model);
    const seq = await this.acquire(loaded);
    try {
      await seq.clearHistory();
      const text = req.system ? `${req.system}\n\n${req.prompt}` : req.prompt;
      const input = loaded.model.tokenize(text);
      const bos = loaded.model.tokens.bos;
      const tokens = bos === null ? input : [bos, ...input];
      const room = loaded.contextSize - tokens.length;
      if (room <= 0) throw new LlmConfigError(`local model ${req.model}: the prompt is ${tokens.length} tokens, the context holds ${loaded.contextSize}`);
      const limit = Math.min(req.maxTokens, room);
      const s = req.sampling ?? {};
      const out: number[] = [];
      // The generator ends by itself at an end-of-generation token (without yielding it): only
      // reaching the limit is a truncation.
      let finish: LlmResponse['finish'] = 'stop';
      const gen = seq.evaluate(tokens, { temperature: req.temperature, topK: s.topK, topP: s.topP, minP: s.minP, seed: s.seed ?? randomInt(2 ** 31) });
      for await (const t of gen) {
        if (t === loaded.model.tokens.eos) break;
        out.push(t);
        if (out.length >= limit) {
          finish = 'length';
          break;
        }
        if (signal?.aborted) break;
      }
      await gen.return(undefined);
      return { text: loaded.model.detokenize(out), usage: { input: tokens.length, output: out.length }, finish, latencyMs: Date.now() - started, costUsd: 0 };
    } finally {
      this.release(loaded, seq);
    }
  }

  private model(path: string): Promise<Loaded> {
    const dirs = this.opts.searchDirs ?? [process.cwd()];
    const full = isAbsolute(path) ? path : (dirs.map((d) => resolve(d, path)).find((p) => existsSync(p)) ?? resolve(dirs[0], path));
    const sequences = this.opts.sequences ?? Math.max(1, Math.min(4, cpus().length));
    const threads = this.opts.threads ?? 1;
    const key = `${full}\0${sequences}\0${threads}`;
    let p = models.get(key);
    if (!p) {
      p = this.loadModel(full, sequences, threads);
      models.set(key, p);
      p.catch(() => models.delete(key));
    }
    return p;
  }

  private async loadModel(path: string, sequences: number, threads: number): Promise<Loaded> {
    llama ??= loadModule(this.installHint()).then((m) => m.getLlama({ gpu: false, build: 'never', logLevel: m.LlamaLogLevel.error }));
    // A failed load (package missing) is not kept: installing it must work without a restart.
    llama.catch(() => (llama = undefined));
    const runtime = await llama;
    if (!existsSync(path)) throw new LlmConfigError(`local model ${path} does not exist`);
    let model: LlamaModel;
    try {
      model = await runtime.loadModel({ modelPath: path });
    } catch (e) {
      throw new LlmConfigError(`local model ${path}: ${(e as Error).message}`);
    }
    const ctx = await model.createContext({ contextSize: 512, sequences, threads });
    const free = Array.from({ length: sequences }, () => ctx.getSequence());
    return { model, free, waiting: [], contextSize: ctx.contextSize };
  }

  /**
   * The install command by the script's full path, so it works from any folder (the extension
   * host's working folder is not the extension's): the script lies beside the bundled config,
   * and the VSIX ships it.
   */
  private installHint(): string {
    const dir = (this.opts.searchDirs ?? [process.cwd()]).find((d) => existsSync(join(d, SETUP_SCRIPT)));
    return dir === undefined ? LOCAL_INSTALL_HINT : `bash ${join(resolve(dir), SETUP_SCRIPT)}`;
  }

  private acquire(l: Loaded): Promise<LlamaSequence> {
    const s = l.free.pop();
    return s ? Promise.resolve(s) : new Promise((r) => l.waiting.push(r));
  }

  private release(l: Loaded, s: LlamaSequence): void {
    const next = l.waiting.shift();
    if (next) next(s);
    else l.free.push(s);
  }
}

/** Where scripts/setup-local-model.sh installs the package (outside the project, so `npm ci` keeps it). */
export function localModelDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MICROFACTORY_LOCAL_MODEL_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'microfactory', 'local-model');
}

function importDefault(): Promise<LlamaModule> {
  const installed = join(localModelDir(), 'node_modules', 'node-llama-cpp', 'dist', 'index.js');
  const spec = existsSync(installed) ? pathToFileURL(installed).href : 'node-llama-cpp';
  // A real dynamic import even inside the CommonJS bundle: node-llama-cpp is ESM-only.
  return new Function('s', 'return import(s)')(spec) as Promise<LlamaModule>;
}

async function loadModule(hint: string): Promise<LlamaModule> {
  try {
    return await importDefault();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new LlmConfigError(missing
      ? `the local provider needs node-llama-cpp ${PINNED}, which is not installed: run \`${hint}\``
      : `node-llama-cpp could not be loaded here (${(e as Error).message.split('\n')[0]}); the local provider needs its prebuilt linux/mac/windows binaries: run \`${hint}\``);
  }
}
