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
    return this.check(draft, false);
  }

  /** Every flag, for `microfactory check`, which explains a response in full. */
  runAll(draft: Draft): Promise<RedFlagHit[]> {
    return this.check(draft, true);
  }

  private async check(draft: Draft, all: boolean): Promise<RedFlagHit[]> {
    const hits: RedFlagHit[] = [];
    for (const f of this.flaggers) {
      let hit: RedFlagHit | null;
      try {
        const r = f.check(draft);
        hit = r instanceof Promise ? await r : r;
      } catch (e) {
        hit = { flagger: f.name, reason: `flagger crashed: ${(e as Error).message ?? String(e)}` };
      }
      if (hit) {
        hits.push(hit);
        if (!all) break;
      }
    }
    return hits;
  }
}
