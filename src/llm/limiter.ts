// The session's cap on concurrent LLM calls (--max-concurrent-llm). One instance is shared
// by every role, so decomposition, solvers and discriminators together never exceed it.
// FIFO, so a step's votes are served in the order they were asked for and none starves;
// a cancelled wait leaves the queue at once.
import type { LlmClient, LlmRequest, LlmResponse } from '../engine/ports';
import { abortReason } from './errors';

interface Waiter {
  grant: () => void;
}

export class Limiter {
  private activeCount = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max concurrent calls must be a positive integer, got ${max}`);
  }

  get active(): number {
    return this.activeCount;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function (safe to call twice) once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.activeCount < this.max && this.queue.length === 0) {
      this.activeCount++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortReason(signal as AbortSignal));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Takes a slot now if one is free and nobody waits (FIFO); pair with release(). */
  tryAcquire(): boolean {
    if (this.activeCount < this.max && this.queue.length === 0) {
      this.activeCount++;
      return true;
    }
    return false;
  }

  /** Gives back a slot taken by tryAcquire(): to the next waiter, or back to the pool. */
  release(): void {
    const next = this.queue.shift();
    // Hand the slot straight to the next waiter, so a newcomer can't overtake it.
    if (next) next.grant();
    else this.activeCount--;
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.release();
    };
  }
}

/** Wraps a client so each call holds one of the limiter's slots while it runs (retries and their waits included). */
export function withLimiter(inner: LlmClient, limiter: Limiter): LlmClient {
  const release = (): void => limiter.release();
  return {
    complete: (request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> => {
      // A free slot is taken without the promise and closure acquire() needs for a wait: a
      // simulated run makes millions of calls that never wait.
      if (signal?.aborted || !limiter.tryAcquire()) return limiter.run(() => inner.complete(request, signal), signal);
      let call: Promise<LlmResponse>;
      try {
        call = inner.complete(request, signal);
      } catch (err) {
        release();
        return Promise.reject(err);
      }
      call.then(release, release);
      return call;
    },
  };
}
