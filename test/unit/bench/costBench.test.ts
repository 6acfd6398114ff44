// bench:cost's code slice (test/bench/cost*.ts): every sampling mode draws the same answers as
// separate (so a ratio measures how a mode asks, not luck), the large repository shape holds the
// task among real modules and its prompts pass the providers' 1,024-token cache minimum, and the
// emulated cache counts tokens as the server does.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_TASKS } from '../../bench/code-tasks';
import { judgeFixed, materialize } from '../../bench/codeRepo';
import { alignedCoder, modelOf } from '../../bench/costCoder';
import { countTokens, surroundings, tokenEnds } from '../../bench/costRepo';
import { code } from '../../bench/costRuns';
import { PromptCache } from '../../support/promptCache';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

const PY = CODE_TASKS.find((t) => t.id === 'py-chunks')!;
const JS = CODE_TASKS.find((t) => t.id === 'js-slugify')!;

describe('bench:cost code slice', function () {
  this.timeout(120_000);

  it('a prompt\'s n-th answer is the same whatever was answered before, and a run\'s timings and directory do not change it', async () => {
    const ctx = { provider: 'openai' as const, model: modelOf('solution_discriminator') };
    const prompt = (ms: string, dir: string) => `Step: fix chunks.py (${dir}/repo/chunks.py, duration_ms: ${ms}, 1 failed in ${ms}s)\n\n--- Option 1 ---\na\n\n--- Option 2 ---\nb\n\n--- Option 3 ---\nc\n`;
    const quiet = alignedCoder(5);
    const busy = alignedCoder(5);
    const first: string[] = [];
    const second: string[] = [];
    for (let i = 0; i < 8; i++) first.push(await quiet(prompt('2.9', '/tmp/mf-bench-cost-AAAAAA'), ctx));
    for (let i = 0; i < 8; i++) {
      // Other prompts in between (another step, another role) take none of this prompt's draws.
      await busy(prompt('0.1', '/tmp/other'), ctx);
      second.push(await busy(prompt('31.07', '/tmp/mf-bench-cost-ZZZZZZ'), ctx));
    }
    assert.deepEqual(second, first);
    // Not one answer repeated: the draws are the prompt's 1st, 2nd, … answers, with Q = 0.8.
    assert.ok(new Set(first.map((t) => /OPTION: (\d)/.exec(t)![1])).size > 1, first.join('\n'));
  });

  it('a judge names the same candidate whatever order its options are listed in', async () => {
    const ctx = { provider: 'openai' as const, model: modelOf('solution_discriminator') };
    const texts = ['alpha fix', 'beta fix\n\nwith a blank line', 'gamma fix'];
    const judge = (order: number[]) => `Pick one.\n\nStep: fix it\n\n${order.map((t, i) => `--- Option ${i + 1} ---\n${texts[t]}\n\n`).join('')}Think briefly, then end with a line of the form:\nOPTION: <number>\n`;
    const picked = async (order: number[]) => {
      const a = alignedCoder(9);
      const out: string[] = [];
      for (let i = 0; i < 12; i++) out.push(texts[order[Number(/OPTION: (\d)/.exec(await a(judge(order), ctx))![1]) - 1]]);
      return out;
    };
    const first = await picked([0, 1, 2]);
    assert.deepEqual(await picked([2, 0, 1]), first);
    assert.deepEqual(await picked([1, 2, 0]), first);
  });

  it('separate and batched draw the same samples in the same races: batched pays fewer requests and less input, the same output', async () => {
    const separate = await code('openai', 'separate', PY, 'tiny', 3, {});
    const batched = await code('openai', 'batched', PY, 'tiny', 3, {});
    assert.equal(separate.status, 'completed');
    assert.equal(batched.status, 'completed');
    assert.equal(batched.votes, separate.votes);
    assert.equal(batched.output, separate.output);
    for (const role of Object.keys(separate.roles!)) assert.equal(batched.roles![role]?.choices, separate.roles![role].choices, role);
    assert.ok(batched.requests < separate.requests, `${batched.requests} requests against ${separate.requests}`);
    assert.ok(batched.input < separate.input);
  });

  describe('the large repository', () => {
    let tmp: TmpDir;
    beforeEach(() => (tmp = makeTmpDir('mf-costbench-')));
    afterEach(() => tmp.cleanup());

    it('holds the task among this project\'s engine and workspace modules; the task\'s own test still decides fixed', async () => {
      const around = surroundings('large');
      assert.ok(Object.keys(around).length >= 60, `${Object.keys(around).length} files`);
      assert.ok(Object.keys(around).every((p) => p.startsWith('src/engine/') || p.startsWith('src/workspace/')));
      for (const task of [JS, PY]) {
        const dir = tmp.mkdir(task.id);
        materialize(task, dir, 'fixed', around);
        assert.ok(existsSync(join(dir, 'src/engine/race.ts')));
        assert.equal((await judgeFixed(task, dir)).fixed, true, task.id);
      }
      assert.throws(() => materialize(PY, tmp.mkdir('clash'), 'buggy', { 'chunks.py': '' }), /chunks\.py is both a task file and a file around it/);
    });

    it('prompts pass the 1,024-token cache minimum there, and a later round of a step reads its prompt from the cache', async () => {
      // Whether a run has a later round (a redraw, a retry after a failed verification) depends on
      // its draws, and the draws on the prompts, which hold this project's live src/: a seed that
      // has one today may not after an edit. So the first of a few seeds that has one is enough.
      const seen: string[] = [];
      for (const seed of [3, 1, 2, 4, 5, 6, 7, 8]) {
        const m = await code('openai', 'separate', PY, 'large', seed, { promptCache: true });
        assert.equal(m.status, 'completed');
        const solver = m.roles!.solver;
        assert.ok(solver.input / solver.requests > 1024, `${solver.input / solver.requests} tokens a solver request`);
        seen.push(`seed ${seed}: ${m.requests} requests, ${m.cached} cached`);
        if (m.cached > 0) return;
      }
      assert.fail(`no run read from the cache:\n${seen.join('\n')}`);
    });
  });

  it('the emulated cache counts tokens as the server does: a quarter of the characters', () => {
    const cache = new PromptCache({ tokenEnds });
    const prompt = 'x'.repeat(4 * 1100);
    assert.equal(tokenEnds(prompt).length, countTokens(prompt));
    assert.equal(tokenEnds('abcdefghi').join(), '4,8,9');
    cache.lookup('gemini', {}, undefined, prompt).commit();
    // 1,100 tokens as chars/4; as words (the default) it is one token, below the minimum.
    assert.equal(cache.lookup('gemini', {}, undefined, prompt).use.read, countTokens(` ${prompt}`));
    const words = new PromptCache();
    words.lookup('gemini', {}, undefined, prompt).commit();
    assert.equal(words.lookup('gemini', {}, undefined, prompt).use.read, 0);
  });
});
