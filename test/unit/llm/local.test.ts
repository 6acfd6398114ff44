// The local provider on the real node-llama-cpp (installed by scripts/setup-local-model.sh, as
// the test command does) and the committed tiny model: byte-level tokens as it was trained,
// greedy decoding that is deterministic, fresh seeds that decorrelate votes, a fixed seed that
// reproduces one, and parallel requests sharing the context's sequences.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalClient } from '../../../src/llm/local';
import type { LlmRequest } from '../../../src/engine/ports';
import { REPO_ROOT } from '../../support/cliRun';

const MODEL = join(REPO_ROOT, 'models', 'hanoi-tiny.gguf');
const PROMPT = 'n=3 prev=None state=[[3, 2, 1], [], []]\n';

const req = (o: Partial<LlmRequest> = {}): LlmRequest => ({ provider: 'local', model: MODEL, role: 'solver', prompt: PROMPT, temperature: 0, maxTokens: 120, ...o });

describe('llm/local: a GGUF in-process through node-llama-cpp', function () {
  this.timeout(60_000);
  const client = new LocalClient({ sequences: 4 });

  it('tokenizes bytes as the model was trained (one token per byte, plus <s>)', async () => {
    const r = await client.complete(req());
    assert.equal(r.usage.input, Buffer.byteLength(PROMPT) + 1);
    assert.equal(r.costUsd, 0);
    assert.ok(r.usage.output > 0 && r.usage.output <= 120);
  });

  it('greedy decoding answers the first move of a 3-disk tower in the two-line format', async () => {
    const r = await client.complete(req());
    assert.equal(r.finish, 'stop');
    assert.equal(r.text, 'move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]\n');
  });

  it('temperature 0 repeats itself; at 1.3 fresh seeds give different answers; a fixed seed reproduces one', async () => {
    const greedy = await Promise.all([1, 2, 3].map(() => client.complete(req())));
    assert.equal(new Set(greedy.map((r) => r.text)).size, 1);
    const hot = await Promise.all(Array.from({ length: 12 }, () => client.complete(req({ temperature: 1.3, sampling: { topK: 0, topP: 1, minP: 0 }, prompt: 'n=8 prev=[2, 0, 1] state=[[8, 7, 6, 5, 4, 3], [2, 1], []]\n' }))));
    assert.ok(new Set(hot.map((r) => r.text)).size > 1, 'twelve votes at T = 1.3 were all identical: seeds are not fresh');
    const fixed = req({ temperature: 1.3, sampling: { topK: 0, topP: 1, minP: 0, seed: 1234 }, prompt: 'n=8 prev=[2, 0, 1] state=[[8, 7, 6, 5, 4, 3], [2, 1], []]\n' });
    const [a, b] = [await client.complete(fixed), await client.complete(fixed)];
    assert.equal(a.text, b.text);
  });

  it('every session\'s client shares one loaded model: a long-lived process (the extension host) does not load it again per run', async () => {
    await client.prepare(MODEL);
    // node-llama-cpp registers a beforeExit listener for each runtime, model and context it creates.
    const before = process.listenerCount('beforeExit');
    const others = Array.from({ length: 5 }, () => new LocalClient({ sequences: 4 }));
    await Promise.all(others.map((c) => c.prepare(MODEL)));
    const answers = await Promise.all(others.map((c) => c.complete(req())));
    assert.equal(process.listenerCount('beforeExit'), before, 'a new client loaded the model again');
    assert.ok(answers.every((r) => r.text === 'move = [1, 0, 2]\nnext_state = [[3, 2], [], [1]]\n'));
  });

  it('a prompt longer than the context is a configuration error, not a crash', async () => {
    await assert.rejects(client.complete(req({ prompt: 'x'.repeat(2000) })), /the prompt is 2001 tokens, the context holds \d+/);
  });
});
