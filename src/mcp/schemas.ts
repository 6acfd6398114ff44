// The argument shapes the MCP tools share. Run options are app/overridesSchema.ts's table (the
// one serve's bodies use) minus what a calling model must not set: an API key (the server uses
// its own keys: environment, ~/.env, or the editor's) and the internals of one-step runs.
import { z } from 'zod';
import { isLoopbackHost } from '../app/loopback';
import { RUN_OVERRIDES_SHAPE } from '../app/overridesSchema';
import { UsageError } from '../app/options';

const { apiKey: _key, extraVars: _vars, chainStart: _start, maxSteps: _max, ...options } = RUN_OVERRIDES_SHAPE;

export const OPTIONS = z
  .object(options)
  .strict()
  .optional()
  .describe('Run options (camelCase, as `microfactory run` flags): provider, model, k, samples, disks, errorRate, stepByStep, repoPath, budgetUsd, thresholds, ...');

export type ToolOptions = z.infer<typeof OPTIONS>;

export const SESSION_ID = z.string().min(1).describe('A session id (the run tool returns it; the status tool lists them)');

export const WAIT = z
  .boolean()
  .optional()
  .describe('Wait until the session completes, fails or pauses (default: only when the request carries a progressToken, which then receives progress notifications; else the call returns at once)');

/** A base URL receives the provider's key: only one on this machine is accepted from a caller. */
export function checkOptions(o: ToolOptions): void {
  if (o?.baseUrl !== undefined && !isLoopbackHost(new URL(o.baseUrl).hostname)) {
    throw new UsageError("options.baseUrl must point at this machine (localhost): a remote URL would receive this machine's API key");
  }
}
