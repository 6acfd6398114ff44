// The original tool's template variables beside ours (src/engine/originalVars.ts), and the
// llm_critique flagger reading the original's yes/no verdict as well as ours.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LlmClient, LlmRequest } from '../../../src/engine/ports';
import { enumerateOptions, isOriginalTemplate, withOriginalVars } from '../../../src/engine/originalVars';
import { CritiqueFlagger } from '../../../src/engine/redflags/critique';
import { render, templateNames } from '../../../src/engine/template';
import { REPO_ROOT } from '../../support/cliRun';

describe('engine/originalVars', () => {
  const ours = { task: 'Build the whole thing', step: 'Write part two' };

  it('enumerates options as the original did', () => {
    assert.equal(enumerateOptions(['a\nb', 'c']), 'Option 1:\na\nb\n\nOption 2:\nc\n\n');
  });

  it('an original template (only prompt/task/role) gets task = prompt and the original role name', () => {
    assert.equal(render('{{task}}', withOriginalVars('{{task}}', ours, 'Write part two', 'solver')), 'Write part two');
    const options = enumerateOptions(['x', 'y']);
    assert.equal(render('{{role}}: {{task}}', withOriginalVars('{{role}}: {{task}}', { ...ours, options: [] }, options, 'solution_discriminator')), `solution_vote: ${options}`);
    assert.equal(render('{{#if prompt}}{{prompt}}{{/if}}', withOriginalVars('{{#if prompt}}{{prompt}}{{/if}}', ours, 'P', 'decomposition')), 'P');
  });

  it('role is decompose, decompose_vote, solve, solution_vote', () => {
    const roles = (['decomposition', 'decomposition_discriminator', 'solver', 'solution_discriminator'] as const).map((r) => withOriginalVars('{{role}}', {}, '', r).role);
    assert.deepEqual(roles, ['decompose', 'decompose_vote', 'solve', 'solution_vote']);
  });

  it('a template that reads our variables keeps task = the overall task, and still has prompt', () => {
    const source = 'Overall: {{task}} / step: {{step}} / {{prompt}}';
    assert.equal(render(source, withOriginalVars(source, ours, 'Write part two', 'solver')), 'Overall: Build the whole thing / step: Write part two / Write part two');
  });

  it('every shipped template is ours, not the original kind', () => {
    const dir = join(REPO_ROOT, 'templates');
    for (const f of readdirSync(dir)) assert.equal(isOriginalTemplate(readFileSync(join(dir, f), 'utf8')), false, f);
  });

  it('templateNames lists variables, not helpers', () => {
    assert.deepEqual(templateNames('{{#each options}}{{n}}{{/each}}{{#if (eq a "x")}}{{inc i}}{{/if}}')?.sort(), ['a', 'i', 'n', 'options']);
    assert.deepEqual(templateNames('{{prompt}} {{#if task}}{{role}}{{/if}}')?.sort(), ['prompt', 'role', 'task']);
    assert.equal(templateNames('{{> partial}}'), undefined);
    assert.equal(isOriginalTemplate('no variables at all'), false);
  });
});

describe('engine/redflags llm_critique verdicts', () => {
  function critic(answer: string): { llm: LlmClient; calls: LlmRequest[] } {
    const calls: LlmRequest[] = [];
    return {
      calls,
      llm: {
        complete: async (req) => {
          calls.push(req);
          return { text: answer, usage: { input: 1, output: 1 }, finish: 'stop', latencyMs: 0 };
        },
      },
    };
  }
  const original = 'Is this wrong? Answer yes or no.\nWork: {{prompt}}\n{{candidate}}';
  const check = async (answer: string, template = original) => {
    const c = critic(answer);
    const f = new CritiqueFlagger(c.llm, { provider: 'p', model: 'm', template, maxTokens: 50 });
    const hit = await f.check({ role: 'solver', text: 'THE ANSWER', finish: 'stop', tokensOut: 2, maxTokens: 100, stepDescription: 'the step' });
    return { hit, prompt: c.calls[0].prompt };
  };

  it("{{candidate}} is the answer and {{prompt}} the step in the original's form", async () => {
    assert.equal((await check('no')).prompt, 'Is this wrong? Answer yes or no.\nWork: the step\nTHE ANSWER');
  });

  it('an answer starting with "yes" (trimmed, any case) flags; "no" passes', async () => {
    assert.deepEqual((await check('  YES, it misses the edge case.')).hit, { flagger: 'llm_critique', reason: 'critic said: YES, it misses the edge case.' });
    assert.equal((await check('Yes')).hit?.flagger, 'llm_critique');
    assert.equal((await check('No, it is fine.')).hit, null);
    assert.equal((await check('no')).hit, null);
  });

  it('our VERDICT line still decides, and an answer that is neither flags as unreadable', async () => {
    assert.equal((await check('Yes, I read it.\nVERDICT: OK')).hit, null);
    assert.deepEqual((await check('VERDICT: BAD off-task')).hit, { flagger: 'llm_critique', reason: 'off-task' });
    assert.match((await check('Yesterday it would have passed.')).hit!.reason, /^critic gave no verdict/);
    assert.match((await check('Maybe.')).hit!.reason, /^critic gave no verdict/);
  });
});
