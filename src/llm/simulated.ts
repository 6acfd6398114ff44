// `simulated`: a built-in model for the chain (Hanoi) domain, the benchmark's and the demo's
// model and the embedded default that needs no key. It reads the state from the prompt, as a
// real model would, and answers in the paper's format. With probability `errorRate` it gives a
// plausible wrong answer (another legal move, or the right move with a wrong next state); it can
// also answer malformed or overlong text so every red flag is exercised.
import { LlmConfigError, type LlmClient, type LlmRequest, type LlmResponse } from '../engine/ports';
import { applyMove, legalMoves, type Move, type Pegs, stateKey, strategyMove } from '../engine/chain/hanoi';
import { splitChoices } from './choiceUsage';
import { mixSeed, mulberry32 } from './random';

export interface SimulatedOptions {
  errorRate?: number;
  latencyMs?: number;
  seed?: number;
  /** Share of answers with no parseable next state (format red flag). */
  malformedRate?: number;
  /** Share of answers that run past max_tokens (length red flag). */
  overlongRate?: number;
  /**
   * All wrong answers to one step are the same wrong answer (errors fully correlated: the paper's
   * worst case for voting, where p < 0.5 makes more votes entrench the mistake). Default: each
   * wrong answer picks one of the plausible mistakes at random.
   */
  correlatedErrors?: boolean;
  /**
   * Emulates n-sampling up to this many choices per request (default 1: none), so the engine's
   * batched rounds run without a server. Choice i of a request is drawn as sample seq + i would be.
   */
  choices?: number;
}

const PREV_RE = /previous move:\s*(none|\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\])/i;
const STATE_RE = /current state:\s*(\[\s*\[[\d,\s]*\]\s*,\s*\[[\d,\s]*\]\s*,\s*\[[\d,\s]*\]\s*\])/i;

export class SimulatedClient implements LlmClient {
  private readonly errorRate: number;
  private readonly malformedRate: number;
  private readonly overlongRate: number;
  private counter = 0;
  private lastPrompt: string | undefined;
  private lastFacts: PromptFacts | undefined;

  constructor(private readonly opts: SimulatedOptions = {}) {
    this.errorRate = opts.errorRate ?? 0.01;
    this.malformedRate = opts.malformedRate ?? 0;
    this.overlongRate = opts.overlongRate ?? 0;
    for (const [name, v] of [['error rate', this.errorRate], ['malformed rate', this.malformedRate], ['overlong rate', this.overlongRate]] as const) {
      if (!(v >= 0 && v <= 1)) throw new LlmConfigError(`simulated ${name} must be between 0 and 1, got ${v}`);
    }
  }

  async complete(req: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const t0 = performance.now();
    const latency = this.opts.latencyMs ?? 0;
    if (latency > 0) await sleep(latency, signal);
    else if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const n = Math.min(req.n ?? 1, this.choices());
    const all = [this.draw(req, 0)];
    for (let i = 1; i < n; i++) all.push(this.draw(req, i));
    const first = all[0];
    const input = Math.ceil(req.prompt.length / 4) + Math.ceil((req.system?.length ?? 0) / 4);
    const output = n <= 1 ? first.output : all.reduce((a, c) => a + c.output, 0);
    const res: LlmResponse = {
      text: first.text,
      usage: { input, output },
      finish: first.finish,
      // Microsecond precision: the full double (0.08359799999993811) costs more to store than it says.
      latencyMs: Math.round((performance.now() - t0) * 1000) / 1000,
      costUsd: 0,
    };
    if (n > 1) res.choices = splitChoices(res.usage, all).map((c) => ({ ...c, costUsd: 0 }));
    return res;
  }

  choices(): number {
    return Math.max(1, this.opts.choices ?? 1);
  }

  /** One answer: sample meta.seq + `offset` of the step. */
  private draw(req: LlmRequest, offset: number): { text: string; finish: LlmResponse['finish']; output: number } {
    const text = this.answer(req, offset);
    if (text === null) return { text: overlongText(req.maxTokens), finish: 'length', output: req.maxTokens };
    return { text, finish: 'stop', output: Math.ceil(text.length / 4) };
  }

  /** The answer text, or null for an overlong answer. */
  private answer(req: LlmRequest, offset: number): string | null {
    const step0 = this.read(req.prompt);
    const meta = req.meta ?? {};
    const step = typeof meta.step === 'number' ? meta.step : -1;
    const seq = typeof meta.seq === 'number' ? meta.seq + offset : this.counter++;
    const rng = mulberry32(mixSeed(this.opts.seed ?? 1, step, seq, step < 0 ? this.counter : 0));
    const roll = rng.next();
    if (roll < this.overlongRate) return null;
    if (roll < this.overlongRate + this.malformedRate) return malformed(rng.next());
    const { state, right, next } = step0;
    if (!right || !next) throw new LlmConfigError('the simulated model found no legal move in this state');
    if (rng.next() < this.errorRate) {
      const pick = this.opts.correlatedErrors && step >= 0 ? mulberry32(mixSeed(this.opts.seed ?? 1, step, 0x0bad)).next() : rng.next();
      const [move, wrong] = wrongAnswer(state, right, next, pick);
      return `${step0.preamble}move = [${move.join(', ')}]\nnext_state = ${stateKey(wrong)}`;
    }
    return step0.rightText!;
  }

  /**
   * What a prompt says (state, previous move) and the right answer to it. Every vote of a step
   * sends the same prompt, so the last one is remembered rather than parsed again per sample.
   * Two plain fields, not a Map: a Map whose entries churn every step made V8 promote what it
   * held to the old generation (measured: twice the GC time of the whole engine).
   */
  private read(prompt: string): PromptFacts {
    if (prompt === this.lastPrompt && this.lastFacts) return this.lastFacts;
    const prev = PREV_RE.exec(prompt);
    const cur = STATE_RE.exec(prompt);
    if (!prev || !cur) {
      throw new LlmConfigError('the simulated model only answers Towers of Hanoi chain prompts; use --llm-provider scripted or a real provider for this domain');
    }
    const state = JSON.parse(cur[1]) as Pegs;
    const previous = /none/i.test(prev[1]) ? null : (JSON.parse(prev[1]) as Move);
    const disks = state[0].length + state[1].length + state[2].length;
    // After an earlier wrong step the procedure may have no move; a model would still answer something legal.
    const right: Move | undefined = strategyMove(state, previous, disks) ?? legalMoves(state)[0];
    const next = right && (applyMove(state, right) as Pegs);
    const preamble = `The previous move was ${previous ? `[${previous.join(', ')}]` : 'None'}, so I follow the procedure.\n`;
    const rightText = right && next && `${preamble}move = [${right.join(', ')}]\nnext_state = ${stateKey(next)}`;
    const facts: PromptFacts = { state, right, next, preamble, rightText };
    this.lastPrompt = prompt;
    this.lastFacts = facts;
    return facts;
  }
}

interface PromptFacts {
  state: Pegs;
  /** Undefined only for a state with no legal move (reported when a sample needs it). */
  right?: Move;
  next?: Pegs;
  preamble: string;
  rightText?: string;
}

/** A plausible mistake: another legal move with its true next state, or the right move with a misplaced disk. */
function wrongAnswer(state: Pegs, right: Move, next: Pegs, u: number): [Move, Pegs] {
  const others = legalMoves(state).filter((m) => m.join() !== right.join());
  const choices: [Move, Pegs][] = others.map((m) => [m, applyMove(state, m) as Pegs]);
  const wrongPeg = 3 - right[1] - right[2];
  const misplaced = next.map((p) => p.slice());
  misplaced[right[2]].pop();
  misplaced[wrongPeg].push(right[0]);
  choices.push([right, misplaced]);
  return choices[Math.floor(u * choices.length) % choices.length];
}

function malformed(u: number): string {
  const forms = [
    'I think the next move is to move disk 1 to the right peg.',
    'move = [1, 0]\nnext_state = [[2], [1]]',
    'move = (1, 0, 2)\nnext state: unknown',
  ];
  return forms[Math.floor(u * forms.length) % forms.length];
}

function overlongText(maxTokens: number): string {
  return 'Let me think about this carefully. '.repeat(Math.ceil((maxTokens * 4) / 34));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
