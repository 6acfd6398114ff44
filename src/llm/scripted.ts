// `scripted`: replays responses from a YAML or JSON file, per agent role, for tests and for dry
// runs of prompts. Each role holds a list of responses, used in order. A response may say
// `when: <regex>` to be used only for prompts that match it (e.g. one step's description) and
// `repeat: true` to be used again and again; an exhausted role is a clear error, never a guess.
import { LlmConfigError, type LlmClient, type LlmRequest, type LlmResponse } from '../engine/ports';

export interface ScriptedResponse {
  text: string;
  when?: string;
  repeat?: boolean;
  finish?: 'stop' | 'length';
  usage?: { input?: number; output?: number };
  latencyMs?: number;
}

export type Script = Record<string, (string | ScriptedResponse)[]>;

export class ScriptedClient implements LlmClient {
  private readonly queues = new Map<string, { r: ScriptedResponse; used: boolean; re?: RegExp }[]>();
  readonly calls: LlmRequest[] = [];

  constructor(script: Script, private readonly source = 'script') {
    for (const [role, list] of Object.entries(script)) {
      if (!Array.isArray(list)) throw new LlmConfigError(`${source}: '${role}' must be a list of responses`);
      this.queues.set(
        role,
        list.map((item, i) => {
          const r = typeof item === 'string' ? { text: item } : item;
          if (typeof r.text !== 'string') throw new LlmConfigError(`${source}: ${role}[${i}] has no text`);
          let re: RegExp | undefined;
          try {
            re = r.when ? new RegExp(r.when, 'i') : undefined;
          } catch (e) {
            throw new LlmConfigError(`${source}: ${role}[${i}].when is not a valid regex: ${(e as Error).message}`);
          }
          return { r, used: false, re };
        }),
      );
    }
  }

  async complete(req: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    this.calls.push(req);
    const queue = this.queues.get(req.role) ?? [];
    const entry = queue.find((e) => !e.used && (!e.re || e.re.test(req.prompt)));
    if (!entry) {
      throw new LlmConfigError(`${this.source}: no scripted response left for role '${req.role}' (prompt starts: ${req.prompt.slice(0, 80).replace(/\s+/g, ' ')})`);
    }
    if (!entry.r.repeat) entry.used = true;
    const r = entry.r;
    if (r.latencyMs) await new Promise((res) => setTimeout(res, r.latencyMs));
    const output = r.usage?.output ?? Math.ceil(r.text.length / 4);
    const finish = r.finish ?? (output > req.maxTokens ? 'length' : 'stop');
    return { text: r.text, usage: { input: r.usage?.input ?? Math.ceil(req.prompt.length / 4), output }, finish, latencyMs: r.latencyMs ?? 0, costUsd: 0 };
  }
}
