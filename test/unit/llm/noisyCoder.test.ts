// The noisy-coder model: seeded and repeatable, right at the rates it is given (P for the
// solver, Q for the judges), answers wrapped as real models wrap them yet read by the real
// parsers, and a decomposer that splits only what a step may not change at once.
import assert from 'node:assert/strict';
import type { AgentRole } from '../../../src/engine/model';
import { LlmConfigError } from '../../../src/engine/ports';
import { parseDecomposition, parseJudgeVote } from '../../../src/engine/tree/parsers';
import { parseKnownFixes, type KnownFixes } from '../../../src/llm/knownFixes';
import { NoisyCoderClient } from '../../../src/llm/noisyCoder';
import { parseOverwriteCandidate } from '../../../src/workspace';

const BUGGY = 'function last(xs) {\n  return xs[xs.length];\n}\n\nmodule.exports = { last, first: (xs) => xs[0] };\n';
const FIXED = 'function last(xs) {\n  return xs[xs.length - 1];\n}\n\nmodule.exports = { last, first: (xs) => xs[0] };\n';
const DECOY = 'function last(xs) {\n  return xs[xs.length + 1];\n}\n\nmodule.exports = { last, first: (xs) => xs[0] };\n';
const FIXES: KnownFixes = {
  tasks: [
    { id: 'one', tests: ['test/last.test.js'], files: [{ path: 'src/last.js', buggy: BUGGY, fixed: FIXED, decoy: DECOY }] },
    { id: 'two', tests: [], files: [{ path: 'src/a.js', buggy: 'a = 1;\n', fixed: 'a = 2;\n' }, { path: 'src/b.js', buggy: 'b = 1;\n', fixed: 'b = 2;\n' }] },
  ],
};
const STEP = 'Fix src/last.js: last() returns undefined';
const SOLVER_PROMPT = `Your step: ${STEP}\n\nCurrent files:\n<file path="src/last.js">\n${BUGGY}</file>\nReply with blocks.`;
const option = (n: number, text: string) => `--- Option ${n} ---\n${text}\n`;
const JUDGE_PROMPT = `Step: ${STEP}\n\n${option(1, `<file path="src/last.js">\n${BUGGY}</file>`)}${option(2, `Fixed.\n<file path="src/last.js">\n${FIXED}</file>`)}${option(3, `<file path="src/last.js">\n${DECOY}</file>`)}OPTION: <number>`;
const planPrompt = (step: string) => `Overall task: ${step}\nStep to plan: ${step}\nchanging at most 1 file(s)\n`;

function ask(client: NoisyCoderClient, role: AgentRole, prompt: string, seq: number, step = '1') {
  return client.complete({ provider: 'noisy-coder', model: 'm', role, prompt, temperature: 0, maxTokens: 1000, meta: { step, seq } });
}

async function texts(client: NoisyCoderClient, role: AgentRole, prompt: string, n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, async (_, seq) => (await ask(client, role, prompt, seq)).text));
}

/** What the overwrite applier would write for an answer, as path -> content. */
function written(answer: string): Record<string, string> {
  const r = parseOverwriteCandidate(answer, STEP);
  assert.ok(r.ok, `unparseable answer:\n${answer}`);
  return Object.fromEntries(r.files.map((f) => [f.path, f.content.endsWith('\n') ? f.content : `${f.content}\n`]));
}

describe('noisy-coder model', () => {
  it('is repeatable: the same seed, step, sample number and prompt give the same answer; another seed differs', async () => {
    const a = await texts(new NoisyCoderClient({ fixes: FIXES, seed: 7 }), 'solver', SOLVER_PROMPT, 40);
    const b = await texts(new NoisyCoderClient({ fixes: FIXES, seed: 7 }), 'solver', SOLVER_PROMPT, 40);
    const c = await texts(new NoisyCoderClient({ fixes: FIXES, seed: 8 }), 'solver', SOLVER_PROMPT, 40);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    // New feedback in the prompt (a retry after a failed verification) draws afresh.
    const retry = await texts(new NoisyCoderClient({ fixes: FIXES, seed: 7 }), 'solver', `${SOLVER_PROMPT}\nA previous attempt failed`, 40);
    assert.notDeepEqual(a, retry);
  });

  for (const p of [0.3, 0.8]) {
    it(`solver: the known fix with probability P = ${p}, else the original, the decoy, a change elsewhere or the fix at a wrong path`, async () => {
      const answers = (await texts(new NoisyCoderClient({ fixes: FIXES, fixRate: p, seed: 3 }), 'solver', SOLVER_PROMPT, 1500)).map(written);
      const right = answers.filter((w) => w['src/last.js'] === FIXED && Object.keys(w).length === 1).length;
      assert.ok(Math.abs(right / answers.length - p) < 0.04, `right share ${right / answers.length}, P ${p}`);
      const wrong = answers.filter((w) => !(w['src/last.js'] === FIXED && Object.keys(w).length === 1));
      assert.ok(wrong.some((w) => w['src/last.js'] === BUGGY), 'the original given back');
      assert.ok(wrong.some((w) => w['src/last.js'] === DECOY), 'the decoy');
      assert.ok(wrong.some((w) => w['last.js'] === FIXED), 'the fix at a wrong path');
      assert.ok(wrong.some((w) => w['src/last.js'] && ![BUGGY, FIXED, DECOY].includes(w['src/last.js'])), 'a change elsewhere');
    });
  }

  it('wraps answers as models do: prose around blocks, fences inside and around them, bare fences', async () => {
    const answers = await texts(new NoisyCoderClient({ fixes: FIXES, fixRate: 1, seed: 5 }), 'solver', SOLVER_PROMPT, 200);
    assert.ok(answers.every((t) => /^\w[^\n]*\n\n/.test(t)), 'prose first');
    assert.ok(answers.some((t) => /<file path="src\/last.js">\n```javascript\n/.test(t)), 'fence inside a block');
    assert.ok(answers.some((t) => /```xml\n<file path=/.test(t)), 'fence around a block');
    assert.ok(answers.some((t) => !t.includes('<file') && t.includes('```javascript')), 'bare fence');
    assert.ok(answers.some((t) => /Let me know|unchanged/.test(t)), 'prose after');
  });

  for (const q of [0.6, 0.9]) {
    it(`judge: names the right option with probability Q = ${q}, and reads like a judge`, async () => {
      const votes = (await texts(new NoisyCoderClient({ fixes: FIXES, judgeRate: q, seed: 2 }), 'solution_discriminator', JUDGE_PROMPT, 1500)).map((t) => parseJudgeVote(t, 3));
      const share = votes.filter((v) => v === 2).length / votes.length;
      assert.ok(Math.abs(share - q) < 0.04, `right share ${share}, Q ${q}`);
      assert.ok(votes.includes(1) && votes.includes(3));
    });
  }

  it('judge: of two right options it keeps to the first; a right fix under a wrong path is not right', async () => {
    const prompt = `Step: ${STEP}\n\n${option(1, `<file path="last.js">\n${FIXED}</file>`)}${option(2, `<file path="src/last.js">\n${FIXED}</file>`)}${option(3, `Also:\n<file path="src/last.js">\n${FIXED}</file>`)}`;
    const votes = (await texts(new NoisyCoderClient({ fixes: FIXES, judgeRate: 1, seed: 2 }), 'solution_discriminator', prompt, 50)).map((t) => parseJudgeVote(t, 3));
    assert.deepEqual([...new Set(votes)], [2]);
  });

  it('decomposer: ATOMIC for a one-file fix, now and then a needless test subtask; one subtask per file when the fix spans more files than a step may change', async () => {
    const one = (await texts(new NoisyCoderClient({ fixes: FIXES, seed: 4 }), 'decomposition', planPrompt(STEP), 400)).map(parseDecomposition);
    const splits = one.filter((d) => !d.atomic);
    assert.ok(splits.length > 20 && splits.length < 100, `${splits.length} needless splits of 400`);
    assert.match(splits[0].subtasks[1].description, /test\/last\.test\.js/);
    assert.deepEqual(splits[0].subtasks[1].after, [0]);
    const two = (await texts(new NoisyCoderClient({ fixes: FIXES, seed: 4 }), 'decomposition', planPrompt('Fix src/a.js and src/b.js'), 200)).map(parseDecomposition);
    const perFile = two.filter((d) => !d.atomic);
    assert.ok(perFile.length > 150, `${perFile.length} of 200 split per file`);
    assert.deepEqual(perFile[0].subtasks.map((s) => s.description), ['Fix the bug in src/a.js', 'Fix the bug in src/b.js']);
  });

  it('decomposition judge: prefers ATOMIC for a one-file fix at rate Q', async () => {
    const prompt = `Task: ${STEP}\nchanging at most 1 file(s)\n${option(1, '1. Fix src/last.js\n2. Add a test in test/last.test.js')}${option(2, 'ATOMIC')}`;
    const votes = (await texts(new NoisyCoderClient({ fixes: FIXES, judgeRate: 0.75, seed: 9 }), 'decomposition_discriminator', prompt, 1000)).map((t) => parseJudgeVote(t, 2));
    assert.ok(Math.abs(votes.filter((v) => v === 2).length / 1000 - 0.75) < 0.05);
  });

  it('refuses rates outside 0..1 and known fixes of the wrong shape, naming the field', () => {
    assert.throws(() => new NoisyCoderClient({ fixes: FIXES, fixRate: 1.2 }), (e: Error) => e instanceof LlmConfigError && /fix rate must be between 0 and 1, got 1.2/.test(e.message));
    assert.throws(() => new NoisyCoderClient({ fixes: FIXES, judgeRate: -0.1 }), /judge rate/);
    assert.throws(() => parseKnownFixes({ tasks: [{ id: 'x', files: [{ path: 'a.js', buggy: 'a' }] }] }, 'k.json'), /k\.json: tasks\.0\.files\.0\.fixed: /);
  });
});
