// The JSON bodies of POST /sessions and POST /sessions/:id/resume: RunOverrides under their
// own (camelCase) names, checked strictly (app/overridesSchema.ts, shared with the MCP tools)
// so a misspelt option is a 400 instead of silently running with defaults. Two fields are
// guarded because they decide where the server's keys go: `apiKey` and a non-loopback
// `baseUrl` need --allow-remote-keys.
import { z } from 'zod';
import type { Decision, RunOverrides, RunRequest } from '../app/api';
import { RUN_OVERRIDES_SHAPE } from '../app/overridesSchema';
import { decisionFrom, type DecisionInput } from '../app/decision';
import { UsageError } from '../app/options';
import { HttpError } from './http';
import { isLoopbackHost } from './policy';

const overrides = RUN_OVERRIDES_SHAPE;

const runSchema = z.object({ prompt: z.string().optional(), domain: z.string().min(1), ...overrides }).strict();
const resumeSchema = z
  .object({
    approve: z.boolean().optional(),
    reject: z.boolean().optional(),
    skip: z.boolean().optional(),
    feedback: z.string().max(4000).optional(),
    edit: z.string().max(1_000_000).optional(),
    approveRest: z.boolean().optional(),
    force: z.boolean().optional(),
    ...overrides,
  })
  .strict();

export interface KeyPolicy {
  allowRemoteKeys: boolean;
}

export function parseRunBody(body: unknown, policy: KeyPolicy): RunRequest {
  const v = check(runSchema, body, policy);
  const { prompt, domain, ...rest } = v;
  if (!prompt && domain !== 'hanoi') throw new HttpError(400, "'prompt' is required (only the hanoi domain has a default)");
  // Same default as `microfactory run` for hanoi, so sessions from either look alike.
  return { prompt: prompt || `Solve Towers of Hanoi with ${rest.disks ?? 'the configured number of'} disks`, domain, ...rest };
}

export interface ResumeBody {
  overrides: RunOverrides & { decision?: Decision };
  decision?: Decision['action'];
  /** Resume a session stored as `running` that no process is running any more (a crash). */
  force: boolean;
}

export function parseResumeBody(body: unknown, policy: KeyPolicy): ResumeBody {
  const { approve, reject, skip, feedback, edit, approveRest, force, ...rest } = check(resumeSchema, body, policy);
  let decision: Decision | undefined;
  try {
    decision = decisionFrom({ approve, reject, skip, feedback, editText: edit, approveRest }, (f: keyof DecisionInput) => `'${f === 'editText' ? 'edit' : f}'`);
  } catch (e) {
    if (e instanceof UsageError) throw new HttpError(400, e.message);
    throw e;
  }
  return { overrides: { ...rest, decision }, decision: decision?.action, force: force === true };
}

function check<T extends z.ZodType<Record<string, unknown>>>(schema: T, body: unknown, policy: KeyPolicy): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; '));
  const v = r.data as { apiKey?: string; baseUrl?: string };
  if (!policy.allowRemoteKeys) {
    if (v.apiKey !== undefined) throw new HttpError(400, "'apiKey' is not accepted: the server uses its own keys (environment or ~/.env); start it with --allow-remote-keys to allow keys in requests");
    if (v.baseUrl !== undefined && !isLoopbackHost(new URL(v.baseUrl).hostname)) {
      throw new HttpError(400, "'baseUrl' must point at this machine (localhost): a remote URL would receive the server's API key; start the server with --allow-remote-keys to allow it");
    }
  }
  return r.data;
}
