// What `estimate --batch` keeps on disk so that a restart loses nothing and pays nothing twice:
// one folder per estimate under $MICROFACTORY_HOME/estimates/<id>/ with
//   job.json      the settings (never a key), the provider's batch ids and what became of each
//                 (written whole: temp file, fsync, rename);
//   samples.jsonl every scored sample, appended as results arrive (a torn last line, from a
//                 SIGKILL mid-write, is skipped; a sample read twice counts once).
// The id is a hash of every request the estimate sends (provider, model, base URL, prompts,
// temperature, max tokens), so running the same command again finds the same job.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { atomicWriteFileSync, FileLock } from '../store';
import type { EstimateOverrides } from './estimateRun';
import type { ScoredSample } from './estimateSamples';
import { UsageError } from './options';

/** What re-creates the estimate's requests (`estimate --resume ID` reads them back). */
export interface JobSettings {
  domain: string;
  overrides: Omit<EstimateOverrides, 'apiKey'>;
  steps: number;
  repeat: number;
  disksMin: number;
  disksMax: number;
  temperature?: number;
}

export interface BatchEntry {
  id: string;
  submittedAt: string;
  items: number;
  /** Why it was sent: the first submission, or a follow-up for errored / expired / missing samples. */
  reason: 'first' | 'errored' | 'expired' | 'missing';
  /** `submitted` until its results are all read and stored. */
  state: 'submitted' | 'collected' | 'failed' | 'canceled';
  counts?: { succeeded: number; errored: number; expired: number; canceled: number; missing: number };
  message?: string;
}

export interface JobRecord {
  version: 1;
  id: string;
  createdAt: string;
  updatedAt: string;
  status: 'running' | 'completed';
  provider: string;
  model: string;
  total: number;
  settings: JobSettings;
  batches: BatchEntry[];
  /** Set just before a batch is created, cleared once its id is saved: a kill in between leaves it. */
  submitting?: { label: string; at: string; items: number[]; reason: BatchEntry['reason'] };
}

const JOB = 'job.json';
const SAMPLES = 'samples.jsonl';

export class BatchJob {
  private readonly lockFile: FileLock;

  private constructor(
    readonly dir: string,
    readonly record: JobRecord,
  ) {
    // Only a dead holder's lock is broken: a poll may rightly last a day.
    this.lockFile = new FileLock(path.join(dir, 'lock'), `estimate-${process.pid}`, Number.MAX_SAFE_INTEGER);
  }

  /** The job with this id under `root`, or a new one made from `fresh` (saved at once). */
  static openOrCreate(root: string, id: string, fresh: () => JobRecord): { job: BatchJob; resumed: boolean } {
    const found = BatchJob.read(root, id);
    if (found) return { job: found, resumed: true };
    const dir = path.join(root, id);
    fs.mkdirSync(dir, { recursive: true });
    const job = new BatchJob(dir, fresh());
    job.save();
    return { job, resumed: false };
  }

  static read(root: string, id: string): BatchJob | undefined {
    const dir = path.join(root, id);
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, JOB), 'utf8');
    } catch {
      return undefined;
    }
    const record = JSON.parse(text) as JobRecord;
    if (record.version !== 1) throw new UsageError(`${path.join(dir, JOB)}: written by another version of microfactory (version ${String(record.version)})`);
    return new BatchJob(dir, record);
  }

  /** `estimate --resume ID`: that job; `--resume last`: the newest unfinished one. */
  static find(root: string, which: string): BatchJob {
    if (which !== 'last') {
      if (!/^est-[0-9a-f]+$/.test(which)) throw new UsageError(`--resume: '${which}' is not an estimate id (est-…) or 'last'`);
      const job = BatchJob.read(root, which);
      if (!job) throw new UsageError(`--resume: no batch estimate ${which} in ${root}`);
      return job;
    }
    const ids = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => d.startsWith('est-')) : [];
    const open = ids.map((id) => BatchJob.read(root, id)).filter((j): j is BatchJob => !!j && j.record.status === 'running');
    open.sort((a, b) => b.record.updatedAt.localeCompare(a.record.updatedAt));
    if (!open.length) throw new UsageError(`--resume last: no unfinished batch estimate in ${root}`);
    return open[0];
  }

  /** One process polls a job at a time; a killed one's lock is taken over. */
  lock(): void {
    if (this.lockFile.tryAcquire()) return;
    throw new UsageError(`batch estimate ${this.record.id} is being polled by another process (${path.join(this.dir, 'lock')}); wait for it, or stop it and run again`);
  }

  unlock(): void {
    this.lockFile.release();
  }

  save(): void {
    this.record.updatedAt = new Date().toISOString();
    atomicWriteFileSync(path.join(this.dir, JOB), Buffer.from(JSON.stringify(this.record, null, 1) + '\n', 'utf8'));
  }

  /** Every sample stored so far, once each (the first copy of a sample read twice wins). */
  scored(): ScoredSample[] {
    let text = '';
    try {
      text = fs.readFileSync(path.join(this.dir, SAMPLES), 'utf8');
    } catch {
      return [];
    }
    const seen = new Set<number>();
    const out: ScoredSample[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let s: ScoredSample;
      try {
        s = JSON.parse(line) as ScoredSample;
      } catch {
        continue; // the torn last line of a killed append: its batch is read again
      }
      if (!Number.isInteger(s.j) || s.j < 0 || s.j >= this.record.total || seen.has(s.j)) continue;
      seen.add(s.j);
      out.push(s);
    }
    return out;
  }

  /** Appends and fsyncs, so stored samples survive a SIGKILL. */
  append(samples: ScoredSample[]): void {
    if (!samples.length) return;
    const fd = fs.openSync(path.join(this.dir, SAMPLES), 'a');
    try {
      fs.writeSync(fd, samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The batches still at the provider (submitted, results not yet read). */
  pending(): BatchEntry[] {
    return this.record.batches.filter((b) => b.state === 'submitted');
  }
}
