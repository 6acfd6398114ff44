// Runs a sample through its flaggers. Cheap synchronous flaggers run first and the first hit
// stops the pipeline, so an expensive check (tree-sitter, a critic model) never runs on a sample
// that is already discarded.
import type { RedFlagHit } from '../model';
import type { Draft, RedFlagger } from './types';

export class RedFlagPipeline {
  constructor(readonly flaggers: RedFlagger[]) {}

  get isEmpty(): boolean {
    return this.flaggers.length === 0;
  }

  /** The first flag only: a discarded sample needs no further (possibly costly) checks. */
  run(draft: Draft): Promise<RedFlagHit[]> {
    return Promise.resolve(this.check(draft, false));
  }

  /**
   * run() without the promise when every flagger it reaches answers synchronously (length,
   * format, markdown): the chain flow checks a million samples this way.
   */
  runSync(draft: Draft): RedFlagHit[] | Promise<RedFlagHit[]> {
    return this.check(draft, false);
  }

  /** Every flag, for `microfactory check`, which explains a response in full. */
  runAll(draft: Draft): Promise<RedFlagHit[]> {
    return Promise.resolve(this.check(draft, true));
  }

  private check(draft: Draft, all: boolean, from = 0, hits: RedFlagHit[] = []): RedFlagHit[] | Promise<RedFlagHit[]> {
    for (let i = from; i < this.flaggers.length; i++) {
      const f = this.flaggers[i];
      let r: RedFlagHit | null | Promise<RedFlagHit | null>;
      try {
        r = f.check(draft);
      } catch (e) {
        r = crashed(f, e);
      }
      if (r instanceof Promise) return this.settle(r, f, draft, all, i, hits);
      if (r) {
        hits.push(r);
        if (!all) break;
      }
    }
    return hits;
  }

  /** The rest of check() once an asynchronous flagger has answered. */
  private async settle(pending: Promise<RedFlagHit | null>, f: RedFlagger, draft: Draft, all: boolean, i: number, hits: RedFlagHit[]): Promise<RedFlagHit[]> {
    let hit: RedFlagHit | null;
    try {
      hit = await pending;
    } catch (e) {
      hit = crashed(f, e);
    }
    if (hit) {
      hits.push(hit);
      if (!all) return hits;
    }
    return this.check(draft, all, i + 1, hits);
  }
}

function crashed(f: RedFlagger, e: unknown): RedFlagHit {
  return { flagger: f.name, reason: `flagger crashed: ${(e as Error).message ?? String(e)}` };
}
