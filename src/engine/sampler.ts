// get_vote (MAKER, Fig. 2): draw a sample, red-flag it, and on a flag discard it and draw
// again, never repairing it. One StepSampler serves one step and one agent role, so its counters
// (samples, resamples, flags, tokens, cost) are that step's metrics.
import type { AgentConfig } from './config';
import type { EngineContext } from './context';
import { StepPause } from './context';
import { withSeq } from './fast';
import { ModelChoice, type ModelRef } from './modelChoice';
import { sampleSettings } from './sampling';
import { checkStepBudget } from './stepBudget';
import { addCacheTokens } from './totals';
import { REJECTED_FLAG, VERIFY_FAILED_FLAG } from './excluded';
import type { AgentRole, PauseTrigger, RedFlagHit, SampleRecord, StepMetrics, StepRecord } from './model';
import { LlmPauseError, type LlmChoice, type LlmRequest, type LlmResponse } from './ports';
import type { RedFlagPipeline } from './redflags/pipeline';
import type { Draft, ParsedSample, Parser } from './redflags/types';
import { drawRound, settle } from './rounds';

/** A parsed, unflagged sample: its vote key and the domain's parsed output. */
export interface ValidSample {
  key: string;
  output: unknown;
  text: string;
  seq: number;
}

export type { Parser };

export interface SamplerOptions {
  agent: AgentConfig;
  prompt: string;
  /** Leading characters of `prompt` every step of this agent shares (engine/stablePart.ts). */
  stablePrefix?: number;
  system?: string;
  pipeline: RedFlagPipeline;
  parse: Parser;
  /** Hints for scripted/simulated clients (never sent to a provider). */
  meta?: Record<string, unknown>;
  /** Vote keys that may not win again, each with the flag a copy gets (see excludedKeys). */
  rejected?: ReadonlyMap<string, RedFlagHit>;
  /** The first draw's number: after the samples a resumed race already holds (engine/storedVotes.ts). */
  firstSeq?: number;
}

const PREVIEW = 240;

/**
 * The first sample number of a new sampler: after those the step already stored for the role.
 * A step drawn again (rejected, failed verification, resumed) adds its samples beside the earlier
 * ones; starting at 0 would overwrite them (the store keys samples by step, role and number).
 */
function nextSeq(ctx: EngineContext, step: StepRecord, role: AgentRole): number {
  // A step that never drew has nothing stored: no store read on the hot path.
  if (step.metrics.samplesRequested === 0) return 0;
  let next = 0;
  for (const s of ctx.store.getSamples(ctx.session.id, step.id)) if (s.role === role && s.seq >= next) next = s.seq + 1;
  return next;
}

export class StepSampler {
  private seq = 0;
  readonly samples: SampleRecord[] = [];
  private readonly role: AgentRole;
  // Fixed for the step: computed once, not per sample.
  private readonly models: ModelChoice;

  constructor(
    private readonly ctx: EngineContext,
    private readonly step: StepRecord,
    private readonly opts: SamplerOptions,
  ) {
    this.role = opts.agent.role;
    this.seq = opts.firstSeq ?? nextSeq(ctx, step, this.role);
    this.models = new ModelChoice(opts.agent, { provider: ctx.provider(opts.agent), model: ctx.model(opts.agent) });
  }

  get metrics(): StepMetrics {
    return this.step.metrics;
  }

  /** Draws until one sample passes every red flag. Throws StepPause when a threshold or the resample budget is reached. */
  async draw(): Promise<ValidSample> {
    const { ctx, opts } = this;
    const agent = opts.agent;
    for (;;) {
      ctx.checkHalt();
      checkStepBudget(ctx, this.step, this.samples);
      const seq = this.seq++;
      const temperature = seq === 0 ? agent.temperature.first : agent.temperature.later;
      const use = this.models.pick(seq);
      const res = await this.request(seq, temperature, use, 1);
      this.step.metrics.samplesRequested++;
      const taken = this.take(res, seq, temperature, use, res.latencyMs);
      const valid = taken instanceof Promise ? await taken : taken;
      if (valid) return valid;
      this.checkThresholds();
    }
  }

  /** One round of `n` votes, drawn as the agent's `sampling:` mode says (rounds.ts). */
  readonly round = (n: number): Promise<ValidSample[]> => drawRound(this, this.opts.agent.draws ?? 'separate', n);

  /** Nothing drawn yet for this step and role: the next draw is the paper's first vote. */
  get fresh(): boolean {
    return this.seq === 0;
  }

  get temperatures(): { first: number; later: number } {
    return this.opts.agent.temperature;
  }

  /** How many choices one request for the next draw's model may carry (1: no n-sampling there). */
  capacity(): number {
    return this.ctx.llm.choices?.(this.models.pick(this.seq)) ?? 1;
  }

  /**
   * Draws `count` samples as n-sampling requests at `temperature`: one request per model (a
   * mixed-model agent keeps its rotation), none larger than the server allows. Each choice is a
   * sample with its own red flags; a flagged one is not redrawn here (the round asks again).
   * `missing`: choices a server did not send (it ignored n), for the caller to draw separately.
   */
  async drawChoices(count: number, temperature: number): Promise<{ valid: ValidSample[]; missing: number }> {
    this.ctx.checkHalt();
    checkStepBudget(this.ctx, this.step, this.samples);
    const groups: { use: ModelRef; seqs: number[] }[] = [];
    for (let i = 0; i < count; i++) {
      const seq = this.seq++;
      const use = this.models.pick(seq);
      const g = groups.find((x) => x.use.model === use.model && x.use.provider === use.provider);
      if (g) g.seqs.push(seq);
      else groups.push({ use, seqs: [seq] });
    }
    const calls: Promise<{ valid: ValidSample[]; missing: number }>[] = [];
    for (const { use, seqs } of groups) {
      const cap = Math.max(1, this.ctx.llm.choices?.(use) ?? 1);
      for (let i = 0; i < seqs.length; i += cap) calls.push(this.drawRequest(use, seqs.slice(i, i + cap), temperature));
    }
    const parts = await settle(calls);
    return { valid: parts.flatMap((p) => p.valid), missing: parts.reduce((a, p) => a + p.missing, 0) };
  }

  /** One request for the samples `seqs` (n = their count); choice i is sample seqs[i]. */
  private async drawRequest(use: ModelRef, seqs: number[], temperature: number): Promise<{ valid: ValidSample[]; missing: number }> {
    const res = await this.request(seqs[0], temperature, use, seqs.length);
    const choices = res.choices ?? [res];
    const got = Math.min(choices.length, seqs.length);
    const valid: ValidSample[] = [];
    for (let i = 0; i < got; i++) {
      this.step.metrics.samplesRequested++;
      const taken = this.take(choices[i], seqs[i], temperature, use, res.latencyMs);
      const v = taken instanceof Promise ? await taken : taken;
      if (v) valid.push(v);
    }
    // Every paid choice is recorded before a threshold may pause the step.
    if (valid.length < got) this.checkThresholds();
    return { valid, missing: seqs.length - got };
  }

  /** Sends one request for `n` samples, holding their likely cost on the step while it is out. */
  private async request(seq: number, temperature: number, use: ModelRef, n: number): Promise<LlmResponse> {
    const m = this.step.metrics;
    const held = this.holdPending(n);
    try {
      return await this.call(seq, temperature, use, n);
    } catch (e) {
      // A refused or failed call is no sample: it is counted apart, so the samples a step
      // reports are the answers it got (and paid for), never the requests the provider refused.
      m.failedRequests = (m.failedRequests ?? 0) + 1;
      throw this.callError(e);
    } finally {
      if (held > 0) m.pendingUsd = Math.max(0, (m.pendingUsd ?? 0) - held);
    }
  }

  /**
   * Records one answer (a response or one of its choices) as sample `seq`: its flags, tokens and
   * cost. Returns it when valid. Synchronous unless a flagger is (the chain's hot path stays so).
   */
  private take(res: LlmChoice, seq: number, temperature: number, use: ModelRef, latencyMs: number): ValidSample | undefined | Promise<ValidSample | undefined> {
    const m = this.step.metrics;
    m.tokensIn += res.usage.input;
    m.tokensOut += res.usage.output;
    addCacheTokens(m, res.usage);
    m.costUsd += res.costUsd ?? 0;
    const draft: Draft = {
      role: this.role, text: res.text, finish: res.finish, tokensOut: res.usage.output, maxTokens: this.opts.agent.maxTokens, stepDescription: this.step.description, parsed: undefined, planned: undefined,
    };
    const checked = this.opts.pipeline.runSync(draft);
    return checked instanceof Promise
      ? checked.then((flags) => this.record(res, draft, flags, seq, temperature, use, latencyMs))
      : this.record(res, draft, checked, seq, temperature, use, latencyMs);
  }

  private record(res: LlmChoice, draft: Draft, flagged: RedFlagHit[], seq: number, temperature: number, use: ModelRef, latencyMs: number): ValidSample | undefined {
    const { ctx, opts } = this;
    const m = this.step.metrics;
    let flags = flagged;
    let parsed: ParsedSample | undefined;
    if (flags.length === 0) {
      try {
        // A format flagger has parsed it already, with this same parser; else parse it here.
        parsed = draft.parsed ?? opts.parse(res.text);
        const excluded = opts.rejected?.get(parsed.key);
        if (excluded) flags = [excluded];
      } catch (e) {
        flags = [{ flagger: 'format', reason: (e as Error).message }];
      }
    }
    const record: SampleRecord = {
      stepId: this.step.id, role: this.role, seq, text: res.text, key: parsed?.key, flags, rejected: false,
      tokensIn: res.usage.input, tokensOut: res.usage.output, finish: res.finish, temperature, latencyMs, model: use.model,
    };
    addCacheTokens(record, res.usage);
    this.samples.push(record);
    const valid = flags.length === 0 ? parsed : undefined;
    if (!valid) {
      for (const f of flags) m.redFlags[f.flagger] = (m.redFlags[f.flagger] ?? 0) + 1;
      m.resamples++;
    }
    // With the step's counters as they now are, flags included.
    if (res.costUsd !== undefined && res.costUsd > 0) ctx.keepPaid(this.step, record);
    const events = ctx.events;
    if (valid) {
      this.models.saw(valid.key);
      if (events.hasListeners) {
        events.emit({ type: 'sample_drawn', sessionId: ctx.session.id, stepId: this.step.id, role: this.role, seq, key: valid.key, tokensOut: res.usage.output, latencyMs });
      }
      return { key: valid.key, output: valid.output, text: res.text, seq };
    }
    if (events.hasListeners) {
      events.emit({ type: 'red_flagged', sessionId: ctx.session.id, stepId: this.step.id, role: this.role, seq, flags, preview: res.text.slice(0, PREVIEW) });
    }
    return undefined;
  }

  /**
   * Before a request that will likely be paid (the session has paid for samples already), holds
   * the session's mean cost per sample on the step and journals it: a crash while the request is
   * out leaves that estimate stored, and the totals a resume starts its budget from count it
   * (totals.ts). Returns what it held (0 for a free model, or before anything was paid).
   * `n`: the samples the request asks for (an n-sampling request holds each one's mean).
   */
  private holdPending(n: number): number {
    const sm = this.ctx.session.metrics;
    if (!(sm.costUsd > 0) || sm.samples <= 0) return 0;
    const usd = (sm.costUsd / sm.samples) * n;
    this.step.metrics.pendingUsd = (this.step.metrics.pendingUsd ?? 0) + usd;
    this.ctx.saveStep(this.step);
    return usd;
  }

  /** The request for sample `seq`, or for `n` samples from seq on (not async: the caller awaits the client's own promise, one hop less). */
  private call(seq: number, temperature: number, use: ModelRef, n: number): Promise<LlmResponse> {
    const { ctx, opts } = this;
    const request: LlmRequest = {
      provider: use.provider,
      model: use.model,
      role: this.role,
      system: opts.system,
      prompt: opts.prompt,
      stablePrefix: opts.stablePrefix,
      temperature,
      maxTokens: opts.agent.maxTokens,
      sampling: sampleSettings(opts.agent, this.step.id, seq),
      meta: withSeq(opts.meta, seq),
    };
    if (n > 1) request.n = n;
    return ctx.llm.complete(request, ctx.signal);
  }

  /** What a failed call throws: rate limits, an exhausted quota or the budget pause the step (nothing is lost, resume goes on). */
  private callError(e: unknown): unknown {
    if (!(e instanceof LlmPauseError)) return e;
    this.ctx.halted = true;
    return new StepPause({ stepId: this.step.id, trigger: e.trigger, details: e.retryAt ? `${e.message} (resume after ${e.retryAt})` : e.message, at: new Date(this.ctx.clock.now()).toISOString() });
  }

  /** Pauses on the human thresholds (counted since the last resume) and on the resample budget. */
  private checkThresholds(): void {
    const m = this.step.metrics;
    const base = this.step.pauseBaseline ?? { redFlags: 0, resamples: 0 };
    const flags = Object.values(m.redFlags).reduce((a, b) => a + b, 0) - base.redFlags;
    const resamples = m.resamples - base.resamples;
    const t = this.ctx.options.thresholds;
    const budget = this.ctx.domain.limits.resampleBudget;
    const last = this.samples[this.samples.length - 1];
    const why = last ? `last flag: ${last.flags.map((f) => `${f.flagger}: ${f.reason}`).join('; ')}` : '';
    // A rejected answer drawn k times since the human's decision would have won the vote: asking
    // again at once beats piling up red flags until a threshold re-asks the same question.
    // At k = 1 one copy is weak evidence (a likely answer drawn once more): "keeps coming back"
    // takes at least two, so a different answer the model has still gets its chance.
    const rejected = (m.redFlags[REJECTED_FLAG] ?? 0) - (base.rejected ?? 0);
    if (rejected >= Math.max(2, this.ctx.kFor(this.role))) {
      const times = rejected === 1 ? 'once' : `${rejected} times`;
      this.pause('rejected_repeated', `the model keeps proposing the rejected answer (drawn ${times} since): edit it, reject it with feedback, skip the step, or cancel the session`);
    }
    if (budget > 0 && resamples >= budget) this.pause('resample_budget', `${resamples} samples discarded, budget is ${budget}. ${why}`);
    if (t.redFlags > 0 && flags >= t.redFlags) this.pause('red_flags', `${flags} red flags on this step (threshold ${t.redFlags}). ${why}`);
    if (t.resamples > 0 && resamples >= t.resamples) this.pause('resamples', `${resamples} resamples on this step (threshold ${t.resamples}). ${why}`);
  }

  private pause(trigger: 'resample_budget' | 'red_flags' | 'resamples' | 'rejected_repeated', details: string): never {
    // Stop sibling draws from resampling further: the session is pausing.
    this.ctx.halted = true;
    const cause = this.cause(trigger, details);
    throw new StepPause({ stepId: this.step.id, ...cause, at: new Date(this.ctx.clock.now()).toISOString() });
  }

  /**
   * Discards that are mostly copies of candidates the verifier failed mean the solver keeps
   * proposing a change that does not work: the pause names that (verify_failed), not the count.
   */
  private cause(trigger: PauseTrigger, details: string): { trigger: PauseTrigger; details: string } {
    const flags = this.step.metrics.redFlags;
    const copies = flags[VERIFY_FAILED_FLAG] ?? 0;
    const all = Object.values(flags).reduce((a, b) => a + b, 0);
    if (trigger === 'rejected_repeated' || copies === 0 || copies * 2 < all) return { trigger, details };
    return { trigger: 'verify_failed', details: `the solver keeps proposing a change that failed verification (${copies} of ${all} red flags); ${details}` };
  }
}
