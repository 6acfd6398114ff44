// `microfactory resume` decides a paused tree step the same way the editor does (one Decision,
// app/decision.ts): --reject --feedback puts the reason into the solver's next prompt, --edit FILE
// approves a human's own answer, --skip completes the step without its work, --no-step-by-step
// stops the pauses for good; contradictions and a missing file are one-line usage errors (exit 2)
// before anything is resumed. All through the real dist/cli.js.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt, oneLineUsageError, runCli } from '../../support/cliRun';
import { makeTreeFixture, STUBBORN_SCRIPT, TREE_CONFIG, type TreeFixture } from '../../support/treeFixture';


interface StepJson { id: string; status: string; winning_solution: string | null; human_edited: boolean; skipped: boolean; human_feedback: string | null }

describe('cli: resume decisions (--feedback, --edit, --skip, --no-step-by-step)', function () {
  this.timeout(120_000);
  let fx: TreeFixture;

  before(() => {
    ensureCliBuilt();
    fx = makeTreeFixture(STUBBORN_SCRIPT);
    writeFileSync(fx.configPath, TREE_CONFIG.replace('{{#if feedback}}', '{{#if human_feedback}}Reviewer: {{human_feedback}}\\n{{/if}}{{#if feedback}}'));
  });

  after(() => rmSync(fx.dir, { recursive: true, force: true }));

  const cli = (args: string[]) => runCli(args, { home: join(fx.dir, 'home'), cwd: fx.dir });

  /** A new session paused step by step on part A's solution; returns its id. */
  async function pausedOnPartA(): Promise<string> {
    const opts = ['--config', fx.configPath, '--llm-provider', 'scripted', '--script', fx.scriptPath];
    const run = await cli(['run', '--domain', 'notes', '--prompt', 'Write a two part note about voting', '--step-by-step', '--json', ...opts]);
    assert.equal(run.code, 3, run.stderr);
    const id = JSON.parse(run.stdout).session_id as string;
    const r = await cli(['resume', '--session-id', id, '--approve', '--json']);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(JSON.parse(r.stdout).wait_state.step_id, '1.1');
    return id;
  }

  async function step(id: string, stepId: string): Promise<StepJson> {
    const s = await cli(['status', '--session-id', id, '--json']);
    assert.equal(s.code, 0, s.stderr);
    return (JSON.parse(s.stdout).steps as StepJson[]).find((x) => x.id === stepId)!;
  }

  it('--reject --feedback: the reason reaches the next prompt; --no-step-by-step runs to the end', async () => {
    const id = await pausedOnPartA();
    const r = await cli(['resume', '--session-id', id, '--reject', '--feedback', 'say it shorter', '--no-step-by-step', '--json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(JSON.parse(r.stdout).status, 'completed');
    const a = await step(id, '1.1');
    assert.equal(a.winning_solution, 'A short');
    assert.equal(a.human_feedback, 'say it shorter');
  });

  it('--edit FILE approves the human\'s answer; --skip completes a step without its work', async () => {
    const id = await pausedOnPartA();
    const mine = join(fx.dir, 'mine.txt');
    writeFileSync(mine, 'A answer as I want it');
    const r = await cli(['resume', '--session-id', id, '--edit', mine, '--json']);
    assert.equal(r.code, 3, r.stderr + r.stdout);
    assert.equal((await step(id, '1.1')).winning_solution, 'A answer as I want it');
    assert.equal((await step(id, '1.1')).human_edited, true);
    assert.equal(JSON.parse(r.stdout).wait_state.step_id, '1.2', 'the next step paused step by step');
    const s = await cli(['resume', '--session-id', id, '--skip', '--json']);
    assert.equal(s.code, 0, s.stderr + s.stdout);
    assert.equal((await step(id, '1.2')).status, 'completed');
    assert.equal((await step(id, '1.2')).skipped, true);
    assert.equal((await step(id, '1.2')).winning_solution, 'B answer', 'skipped after its vote: the winner stays on record, unwritten');
  });

  it('contradictions and a missing --edit file are usage errors before anything resumes', async () => {
    const id = await pausedOnPartA();
    for (const [args, expect] of [
      [['--approve', '--reject'], /--approve and --reject exclude each other/],
      [['--approve', '--feedback', 'x'], /--feedback goes with --reject, not --approve/],
      [['--skip', '--edit', join(fx.dir, 'mine.txt')], /--edit approves; it cannot go with --skip/],
      [['--edit', join(fx.dir, 'nowhere.txt')], /--edit .*nowhere\.txt: no such file/],
      [['--step-by-step', '--no-step-by-step'], /--step-by-step and --no-step-by-step exclude each other/],
    ] as [string[], RegExp][]) {
      assert.match(oneLineUsageError(await cli(['resume', '--session-id', id, ...args])), expect);
    }
    assert.equal((await step(id, '1.1')).status, 'waiting', 'nothing was resumed');
  });
});
