// `estimate --batch`: the estimate's independent samples go through the provider's batch engine
// (OpenAI Batch, Anthropic Message Batches) at batch prices instead of one live call each. The
// job on disk (estimateBatchJob.ts) records every batch id the moment the provider gives it and
// every scored sample as it is read, so a restart (even a SIGKILL mid-poll) polls the same
// batch again and creates no second one. Faults: a batch that expires or whose items error has
// the samples it did not answer re-submitted in a follow-up batch (at batch prices, said on
// stderr and counted); a failed or cancelled batch stops with one line, keeping what it stored.
import { createHash } from 'node:crypto';
import type { DomainConfig } from '../engine/config';
import type { LlmClient } from '../engine/ports';
import type { BatchEngine, BatchItem } from '../llm/batch';
import { ProviderError } from '../llm/errors';
import { BATCH_PRICE_FACTOR } from '../llm/pricing';
import type { EstimateOptions, EstimateResult } from './estimate';
import { BatchJob, type BatchEntry, type JobSettings } from './estimateBatchJob';
import { EstimateSampler, type ScoredSample } from './estimateSamples';
import { isUserError } from './errors';
import { UsageError } from './options';

export interface BatchReport {
  job: string;
  provider: string;
  /** This run picked up a job an earlier run started. */
  resumed: boolean;
  batches: BatchEntry[];
  /** Samples re-submitted in follow-up batches, by why. */
  retried: { errored: number; expired: number; missing: number };
  /** Items the provider answered with an error, expired or cancelled, over every batch of the job. */
  errored: number;
  expired: number;
  canceled: number;
  /** Samples still without an answer after the follow-ups this run allows (a re-run tries them again). */
  unanswered: number;
  priceFactor: number;
  /** At batch prices; 0 when the model has no price. */
  costPerSample: number;
  costUsd: number;
}

export interface BatchRunOptions {
  engine: BatchEngine;
  /** Where jobs live ($MICROFACTORY_HOME/estimates). */
  root: string;
  settings: JobSettings;
  baseUrl?: string;
  pollMs: number;
  /** `--resume ID`: the job must be this one (its requests must hash the same). */
  expectId?: string;
  /** Follow-up batches per run for errored / expired items (default 3). */
  maxFollowUps?: number;
  /** One line per event worth telling (submitted, resumed, progress, re-submitted). */
  say?: (line: string) => void;
}

/** A batch the provider failed or someone cancelled: one line, what was stored is kept. */
export class BatchStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchStoppedError';
  }
}

const APPEND_EVERY = 500;

/** The job's id: a hash of every request it sends, so the same command finds the same job. */
export function jobIdOf(sampler: EstimateSampler, provider: string, model: string, baseUrl: string | undefined): string {
  const h = createHash('sha256').update(JSON.stringify({ provider, model, baseUrl: baseUrl ?? null, total: sampler.total }));
  for (let j = 0; j < sampler.total; j++) {
    const r = sampler.request(j);
    h.update(JSON.stringify([r.system ?? null, r.prompt, r.temperature, r.maxTokens]));
  }
  return `est-${h.digest('hex').slice(0, 16)}`;
}

export async function estimateByBatch(llm: LlmClient, domain: DomainConfig, o: EstimateOptions, b: BatchRunOptions): Promise<EstimateResult & { batch: BatchReport }> {
  const say = b.say ?? (() => undefined);
  const sampler = new EstimateSampler(llm, domain, o);
  const id = jobIdOf(sampler, o.provider, o.model, b.baseUrl);
  if (b.expectId && b.expectId !== id) throw new UsageError(`--resume: estimate ${b.expectId} no longer sends the same requests (the config or its templates changed); run it again as a new estimate`);
  const now = new Date().toISOString();
  const { job, resumed } = BatchJob.openOrCreate(b.root, id, () => ({
    version: 1, id, createdAt: now, updatedAt: now, status: 'running', provider: o.provider, model: o.model, total: sampler.total, settings: b.settings, batches: [],
  }));
  job.lock();
  try {
    const have = new Set<number>();
    for (const s of job.scored()) {
      sampler.add(s);
      have.add(s.j);
    }
    if (resumed) {
      const pending = job.pending().map((e) => e.id);
      say(`resuming batch estimate ${id}: ${have.size.toLocaleString('en-US')} of ${sampler.total.toLocaleString('en-US')} samples stored` + (pending.length ? `; polling ${pending.join(', ')}` : ''));
    } else say(`batch estimate ${id} (${job.dir})`);
    const run = new BatchRun(job, sampler, have, b, say, o);
    let unanswered: number;
    try {
      unanswered = await run.loop();
    } catch (err) {
      if (err instanceof BatchStoppedError || isUserError(err) || o.signal?.aborted) throw err;
      // A poll or a download that failed past the SDK's retries: the job is intact, say how to go on.
      throw new BatchStoppedError(`${(err as Error).message ?? String(err)}; batch estimate ${id} is kept, run the same command again (or estimate --resume ${id}) to go on`);
    }
    job.record.status = unanswered ? 'running' : 'completed';
    job.save();
    const r = sampler.result();
    const all = job.record.batches;
    const sum = (k: 'errored' | 'expired' | 'canceled') => all.reduce((n, e) => n + (e.counts?.[k] ?? 0), 0);
    const costPerSample = r.costPerSample * BATCH_PRICE_FACTOR;
    return {
      ...r,
      batch: {
        job: id, provider: o.provider, resumed, batches: all, retried: run.retried, errored: sum('errored'), expired: sum('expired'), canceled: sum('canceled'), unanswered,
        priceFactor: BATCH_PRICE_FACTOR, costPerSample, costUsd: costPerSample * r.samples,
      },
    };
  } finally {
    job.unlock();
  }
}

/** One run's loop over a job: submit what is missing, poll, read results, follow up. */
class BatchRun {
  readonly retried = { errored: 0, expired: 0, missing: 0 };
  private followUps = 0;
  /** Each running batch's last told progress: a day of polls tells only what changed. */
  private readonly told = new Map<string, number>();

  constructor(
    private readonly job: BatchJob,
    private readonly sampler: EstimateSampler,
    private readonly have: Set<number>,
    private readonly b: BatchRunOptions,
    private readonly say: (line: string) => void,
    private readonly o: EstimateOptions,
  ) {}

  /** Returns how many samples are still unanswered when it gives up (0: all stored). */
  async loop(): Promise<number> {
    const max = this.b.maxFollowUps ?? 3;
    await this.recoverSubmission();
    for (;;) {
      const pending = this.job.pending();
      if (!pending.length) {
        const missing = this.missing();
        if (!missing.length) return 0;
        const reason = this.reasonForNext();
        if (reason !== 'first' && this.followUps++ >= max) {
          this.say(`WARNING: ${missing.length.toLocaleString('en-US')} samples still unanswered after ${max} follow-up batches; the estimate below is over the others (run the same command again to retry them)`);
          return missing.length;
        }
        await this.submit(missing, reason);
        continue;
      }
      let running = false;
      for (const entry of pending) running = !(await this.poll(entry)) || running;
      if (running) await sleep(this.b.pollMs, this.o.signal);
    }
  }

  /**
   * The last run was killed while creating a batch: the provider may have it though the job has
   * no id. Adopt it where the provider keeps our label; elsewhere say what to look for.
   */
  private async recoverSubmission(): Promise<void> {
    const s = this.job.record.submitting;
    if (!s) return;
    const { engine } = this.b;
    const found = await engine.find?.(s.label, new Date(s.at), this.o.signal);
    if (found) {
      this.record(found, s.items, s.reason);
      this.say(`found batch ${found}, created just before the last run stopped: polling it, not creating another`);
    } else if (!engine.find) {
      this.say(`WARNING: the last run stopped while creating a ${engine.provider} batch (${s.at}); if one of ${s.items.length.toLocaleString('en-US')} requests from then is listed by the provider, cancel it: its samples are sent again`);
    }
    delete this.job.record.submitting;
    this.job.save();
  }

  private record(batchId: string, js: number[], reason: BatchEntry['reason']): void {
    this.job.record.batches.push({ id: batchId, submittedAt: new Date().toISOString(), items: js.length, reason, state: 'submitted' });
    delete this.job.record.submitting;
    this.job.save();
  }

  private missing(): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.sampler.total; j++) if (!this.have.has(j)) out.push(j);
    return out;
  }

  /** Why the next batch is sent: the first, or what the last collected batch left unanswered. */
  private reasonForNext(): BatchEntry['reason'] {
    const last = this.job.record.batches[this.job.record.batches.length - 1];
    if (!last) return 'first';
    const c = last.counts;
    if (c?.expired) return 'expired';
    if (c?.errored) return 'errored';
    return 'missing';
  }

  private async submit(js: number[], reason: BatchEntry['reason']): Promise<void> {
    const { engine } = this.b;
    if (reason !== 'first') {
      this.retried[reason === 'errored' ? 'errored' : reason === 'expired' ? 'expired' : 'missing'] += js.length;
      this.say(`re-submitting ${js.length.toLocaleString('en-US')} ${reason} samples in a follow-up batch (batch prices)`);
    }
    for (let at = 0; at < js.length; at += engine.maxItems) {
      const part = js.slice(at, at + engine.maxItems);
      const items: BatchItem[] = part.map((j) => ({ customId: `s-${j}`, request: this.sampler.request(j) }));
      const label = `${this.job.record.id}-${this.job.record.batches.length + 1}`;
      this.job.record.submitting = { label, at: new Date().toISOString(), items: part, reason };
      this.job.save();
      let batchId: string;
      try {
        batchId = await engine.submit(items, label, this.o.signal);
      } catch (err) {
        // The provider answered with a refusal: no batch exists, nothing to look for later.
        if (err instanceof ProviderError && err.kind === 'http' && (err.status ?? 500) < 500) {
          delete this.job.record.submitting;
          this.job.save();
        }
        throw err;
      }
      // Recorded before anything else happens: a restart from here polls this batch, never sends a second.
      this.record(batchId, part, reason);
      this.say(`submitted ${engine.provider} batch ${batchId}: ${part.length.toLocaleString('en-US')} samples`);
    }
  }

  /** Polls one batch; true when it is no longer running (its results are then stored). */
  private async poll(entry: BatchEntry): Promise<boolean> {
    const { engine } = this.b;
    const st = await engine.status(entry.id, this.o.signal);
    if (st.state === 'running') {
      if (this.told.get(entry.id) === st.done) return false;
      this.told.set(entry.id, st.done);
      this.say(`batch ${entry.id}: ${st.done.toLocaleString('en-US')} / ${st.total.toLocaleString('en-US')} done${st.failed ? ` (${st.failed} failed)` : ''}`);
      return false;
    }
    if (st.state === 'failed') {
      entry.state = 'failed';
      entry.message = st.message;
      this.job.save();
      throw new BatchStoppedError(
        `${engine.provider} batch ${entry.id} failed: ${st.message ?? 'no reason given'}; ${this.have.size.toLocaleString('en-US')} samples are kept in ${this.job.record.id}, run the same command again to send the other ${(this.sampler.total - this.have.size).toLocaleString('en-US')}`,
      );
    }
    const counts = { succeeded: 0, errored: 0, expired: 0, canceled: 0, missing: 0 };
    let lastError: string | undefined;
    let buffer: ScoredSample[] = [];
    for await (const out of engine.results(entry.id, this.o.signal)) {
      const j = /^s-(\d+)$/.exec(out.customId) ? Number(out.customId.slice(2)) : -1;
      if (j < 0 || j >= this.sampler.total) continue; // not ours: never counted
      if (out.kind !== 'succeeded') {
        counts[out.kind]++;
        lastError = out.error;
        continue;
      }
      counts.succeeded++;
      if (this.have.has(j)) continue; // read before a restart: stored already
      const s = await this.sampler.score(j, out.response);
      this.sampler.add(s);
      this.have.add(j);
      buffer.push(s);
      this.o.onProgress?.(this.sampler.samples, this.sampler.total);
      if (buffer.length >= APPEND_EVERY) {
        this.job.append(buffer);
        buffer = [];
      }
    }
    this.job.append(buffer);
    counts.missing = Math.max(0, entry.items - counts.succeeded - counts.errored - counts.expired - counts.canceled);
    entry.counts = counts;
    entry.state = st.state === 'canceled' ? 'canceled' : 'collected';
    this.job.save();
    const lost = [counts.errored && `${counts.errored} errored${lastError ? ` (${lastError})` : ''}`, counts.expired && `${counts.expired} expired`, counts.canceled && `${counts.canceled} cancelled`, counts.missing && `${counts.missing} without a result`].filter(Boolean);
    this.say(`batch ${entry.id} ${st.state === 'expired' ? 'expired' : 'ended'}: ${counts.succeeded.toLocaleString('en-US')} answered` + (lost.length ? `, ${lost.join(', ')}` : ''));
    if (st.state === 'canceled') {
      throw new BatchStoppedError(`${engine.provider} batch ${entry.id} was cancelled; ${this.have.size.toLocaleString('en-US')} samples are kept in ${this.job.record.id}, run the same command again to send the other ${(this.sampler.total - this.have.size).toLocaleString('en-US')}`);
    }
    return true;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason ?? new Error('aborted'));
    }, { once: true });
  });
}
