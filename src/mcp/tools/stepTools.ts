// vote (the `subprocess` behaviour: one step solved with voting), plan (k_min and cost before a
// run) and estimate (a model's measured per-step error rate and what it implies).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { estimateJson, runEstimate } from '../../app/estimateRun';
import { oneStepJson, oneStepRequest } from '../../app/oneStep';
import { UsageError } from '../../app/options';
import { planJson } from '../../app/planJson';
import { LIMITS, type Bound } from '../../engine/limits';
import type { McpContext } from '../context';
import { progressSender } from '../follow';
import { guard, ok } from '../results';
import { checkOptions, OPTIONS } from '../schemas';

const num = (b: Bound) => (b.int ? z.number().int() : z.number()).min(b.min).max(b.max);

export function registerStepTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'vote',
    {
      title: 'Solve one step with voting',
      description:
        'Solve ONE step (no decomposition) by sampling it several times and voting (first-to-ahead-by-k); returns the winner, every candidate with its red flags, and the tally. Nothing is written to the repository unless apply: true. For a chain domain (hanoi) give the state in context: {"state": [[3,2,1],[],[]], "previous_move": [1,0,2]}.',
      inputSchema: {
        domain: z.string().min(1).describe('code, analysis, hanoi, or a domain of options.configPath'),
        step: z.string().min(1).describe('The step to solve'),
        context: z.record(z.string(), z.unknown()).optional().describe('Template variables; for a chain domain, state and previous_move'),
        apply: z.boolean().optional().describe('Write the winning change set to options.repoPath (refused in an untrusted workspace)'),
        options: OPTIONS,
      },
    },
    (a) =>
      guard(ctx, 'vote', async () => {
        checkOptions(a.options);
        if (a.apply && !ctx.trusted) throw new UsageError('apply: this workspace is not trusted, so nothing may be written; vote without apply to see the winner');
        const handle = await ctx.start(oneStepRequest({ domain: a.domain, step: a.step, context: a.context, apply: a.apply, overrides: a.options }));
        const outcome = await handle.done;
        return ok(ctx, oneStepJson(ctx.store, outcome), `step ${outcome.status}`);
      }),
  );

  server.registerTool(
    'plan',
    {
      title: 'Plan k and cost',
      description:
        "The paper's k_min (Eq. 14) for a task of `steps` steps at a per-step error rate, the chance of solving it whole, and the expected samples and cost (Eq. 18) given tokens and prices per million tokens. Computes only; calls no model.",
      inputSchema: {
        error_rate: num(LIMITS.errorRate).describe("A model's per-step error rate (the estimate tool measures it)"),
        steps: num(LIMITS.planSteps).describe('Steps of the task (Towers of Hanoi with n disks: 2^n - 1)'),
        target: z.number().gt(0).lt(1).optional().describe('Wanted probability of solving every step (default 0.95)'),
        flag_rate: z.number().min(0).max(0.99).optional().describe('Share of samples red-flagged'),
        tokens_in: num(LIMITS.tokens).optional(),
        tokens_out: num(LIMITS.tokens).optional(),
        price_in: num(LIMITS.pricePerMillion).optional().describe('USD per million input tokens'),
        price_out: num(LIMITS.pricePerMillion).optional().describe('USD per million output tokens'),
      },
      annotations: { readOnlyHint: true },
    },
    (a) =>
      guard(ctx, 'plan', async () => {
        const input = { errorRate: a.error_rate, steps: a.steps, target: a.target ?? 0.95, flagRate: a.flag_rate, tokensIn: a.tokens_in, tokensOut: a.tokens_out, priceIn: a.price_in, priceOut: a.price_out };
        const p = planJson(input);
        return ok(ctx, p, p.solvable ? `k_min = ${p.k_min}` : 'per-step success is not above 0.5: no k converges');
      }),
  );

  server.registerTool(
    'estimate',
    {
      title: "Measure a model's per-step error rate",
      description:
        "Samples random Towers of Hanoi steps once each without voting (the paper's Fig. 6a) and reports the per-step error rate with a 95 % interval, red flags, tokens per sample, and the k_min and expected cost of a full task. Costs real calls with a real provider; the simulated one is free. Sends progress when the request has a progressToken.",
      inputSchema: {
        domain: z.string().min(1).optional().describe('A hanoi chain domain (default hanoi)'),
        steps: num(LIMITS.estimateSteps).optional().describe('Random steps to sample (default 1000)'),
        disks_min: num(LIMITS.disks).optional().describe('Disk counts to draw from (default 10 to 20)'),
        disks_max: num(LIMITS.disks).optional(),
        task_disks: num(LIMITS.disks).optional().describe('The task to plan for (default 20 disks: 1,048,575 steps)'),
        target: z.number().gt(0).lt(1).optional(),
        temperature: num(LIMITS.temperature).optional(),
        options: OPTIONS,
      },
      annotations: { readOnlyHint: true },
    },
    (a, extra) =>
      guard(ctx, 'estimate', async () => {
        checkOptions(a.options);
        const o = a.options ?? {};
        const disksMin = a.disks_min ?? 10;
        const disksMax = a.disks_max ?? Math.max(20, disksMin);
        const send = progressSender(extra);
        let sent = 0;
        const { result, provider, model } = await runEstimate(
          {
            domain: a.domain ?? 'hanoi',
            overrides: { configPath: o.configPath, provider: o.provider, model: o.model, baseUrl: o.baseUrl, errorRate: o.errorRate, latencyMs: o.latencyMs, seed: o.seed, maxConcurrentLlm: o.maxConcurrentLlm, timeoutMs: o.timeoutMs },
            steps: a.steps ?? 1000, disksMin, disksMax, taskDisks: a.task_disks, target: a.target, temperature: a.temperature, signal: extra.signal,
            onProgress: send && ((done, total) => {
              if (done * 20 >= (sent + 1) * total && done < total) void send(done, total, `${done} / ${total} samples (${++sent * 5} %)`);
            }),
          },
          { resourceRoot: ctx.deps.resourceRoot, log: ctx.deps.log, onLlmCall: ctx.deps.onLlmCall },
        );
        await send?.(result.samples, result.samples, `${result.samples} samples`);
        const data = estimateJson(result, provider, model, disksMin, disksMax);
        return ok(ctx, data, `error rate ${result.errorRate.rate.toFixed(5)}; k_min ${data.task.k_min ?? 'none'}`);
      }),
  );
}
