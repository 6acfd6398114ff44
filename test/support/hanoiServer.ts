// A local OpenAI/Anthropic/Gemini-compatible server that answers Hanoi prompts: it reads the
// state from the prompt like a model would and answers with the simulated model's logic,
// including its configurable error rate. Lets the whole chain run over real HTTP and real SDKs.
import { SimulatedClient } from '../../src/llm/simulated';
import { LlmServer, type LlmServerOptions } from './llmServer';

type HanoiServerOptions = Pick<LlmServerOptions, 'latencyMs' | 'record' | 'faultPolicy' | 'ignoreN' | 'cacheReadTokens' | 'cacheCreationTokens' | 'promptCache'> & { errorRate?: number; seed?: number };

/** Every choice of an n-sampling request is its own draw of the simulated model. */
export async function startHanoiServer(opts: HanoiServerOptions = {}): Promise<LlmServer> {
  const model = new SimulatedClient({ errorRate: opts.errorRate ?? 0, seed: opts.seed ?? 7 });
  const { errorRate: _e, seed: _s, ...server } = opts;
  return LlmServer.start({
    ...server,
    answer: async (prompt, ctx) => {
      const r = await model.complete({ provider: 'simulated', model: ctx.model, role: 'solver', prompt, system: ctx.system, temperature: ctx.temperature ?? 0, maxTokens: ctx.maxTokens ?? 750 });
      return r.text;
    },
  });
}
