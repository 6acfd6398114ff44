// Shared bits of the LLM tests: a clock that runs fast, and a request builder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Clock, LlmRequest } from '../../../src/engine/ports';

/**
 * A Clock whose sleeps really wait, but `scale` times as long (0.01: a 60 s retry-after
 * takes 600 ms... or less), and whose now() advances by the full virtual amount. Real
 * waits keep the ordering between timers and HTTP honest; scaling keeps tests fast.
 */
export class ScaledClock implements Clock {
  readonly sleeps: number[] = [];
  private virtualOffset = 0;

  constructor(private readonly scale = 0.001) {}

  now(): number {
    return Date.now() + this.virtualOffset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    const real = ms * this.scale;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        this.virtualOffset += ms - real;
        resolve();
      }, real);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

export function request(provider: string, overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    provider,
    model: 'test-model',
    role: 'solver',
    system: 'You are terse.',
    prompt: 'say something short',
    temperature: 0,
    maxTokens: 50,
    ...overrides,
  };
}

/** Awaits a rejection and returns the error, failing the test if the promise resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** A fresh, empty home folder, so tests never read the developer's real ~/.env. */
export function emptyHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mf-home-'));
}
