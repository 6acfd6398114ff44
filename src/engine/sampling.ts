// The per-sample sampling settings sent with a request. A fixed agent seed still gives every
// sample its own seed (mixed with the step and the sample number): one seed for all would make
// every vote of a race the same answer, which defeats voting; the mix keeps a run reproducible.
import type { AgentConfig } from './config';
import type { SamplingSettings } from './ports';

export function sampleSettings(agent: AgentConfig, stepId: string, seq: number): SamplingSettings | undefined {
  const s = agent.sampling;
  if (!s) return undefined;
  const seed = typeof s.seed === 'number' ? mixSeed(s.seed, stepId, seq) : undefined;
  return { topK: s.topK, topP: s.topP, minP: s.minP, seed };
}

/** FNV-1a over the seed, the step id and the sample number: stable across runs and platforms, 31 bits. */
export function mixSeed(seed: number, stepId: string, seq: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${stepId}:${seq}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}
