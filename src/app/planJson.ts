// `plan --json` and the MCP `plan` tool: the paper's k_min (Eq. 14), expected samples and cost
// (Eq. 18) in one JSON shape. Infinite figures (an unsolvable error rate) become null.
import { plan, type Plan, type PlanInput } from '../engine/planner';

export function planJson(input: PlanInput, p: Plan = plan(input)) {
  return {
    error_rate: input.errorRate, steps: input.steps, target: input.target, solvable: p.solvable, k_min: finite(p.kMin), p_sub: p.pSub, p_full: p.pFull,
    votes_per_step: finite(p.votesPerStep), samples_per_step: finite(p.samplesPerStep), total_samples: finite(p.totalSamples),
    cost_per_sample_usd: p.costPerSample, expected_cost_usd: finite(p.expectedCost), eq18_cost_usd: finite(p.eq18Cost),
  };
}

/** JSON has no Infinity: an unreachable k or cost is written as null. */
export function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
