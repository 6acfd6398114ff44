// The baseline: the verifier runs once before a tree session's first step; its exit code and
// trimmed output are kept on the session (they survive a resume), the failure reaches the
// decomposer's and the solver's prompts, and a passing baseline on a repair task is said.
// Real runs: the facade, scripted models, the shipped templates, a git repository, sql.js.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextLines } from '../../../src/app/contextWords';
import { resumeRun, startRun } from '../../../src/app/session';
import type { EngineEvent } from '../../../src/engine/events';
import { looksLikeNewWork, trimOutput } from '../../../src/engine/tree/baseline';
import { writeCodeConfig } from '../../support/codeDomain';
import { codeRunHarness } from '../../support/codeRunHarness';
import { makeJsFixtureRepo } from '../../support/fixtures';

const TASK = 'The add test fails; find the cause in src/math.js and fix it';
const file = (content: string) => `<file path="src/math.js">\n${content}</file>`;

describe('code run: the baseline verifier run', function () {
  this.timeout(60_000);
  const h = codeRunHarness(makeJsFixtureRepo, 'mf-baseline-');

  /** The shipped code domain, its verifier counting its runs in runs.log. */
  function countingConfig(): { configPath: string; runs: () => number } {
    const log = join(h.tmp.path, 'runs.log');
    writeFileSync(log, '');
    const configPath = writeCodeConfig(h.tmp.path, (code) => {
      code.verifier = `echo run >> ${JSON.stringify(log)}; node --test`;
    });
    return { configPath, runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
  }

  it('is recorded on the session before the first step and its failure is in the decomposer and solver prompts', async () => {
    const { configPath, runs } = countingConfig();
    const out = await (await startRun({
      prompt: TASK, domain: 'code', provider: 'scripted', repoPath: h.repo.path, configPath,
      scriptPath: h.script({
        // Each answer only comes for a prompt that shows the failing test's output.
        decomposition: [{ when: 'fails with:\\n```\\n[\\s\\S]*not ok 1 - add', text: 'ATOMIC', repeat: true }],
        solver: [{ when: 'fails with:\\n```\\n[\\s\\S]*not ok 1 - add[\\s\\S]*Current files:', text: file(h.repo.fixedContent), repeat: true }],
        solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
      }),
    }, h.deps)).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const b = h.store.getSession(out.sessionId)!.metadata.baseline!;
    assert.equal(b.passed, false);
    assert.equal(b.exitCode, 1);
    assert.match(b.command, /node --test$/);
    assert.match(b.output, /not ok 1 - add/);
    assert.equal(runs(), 2, 'the baseline, then the step');
    const types = h.events.map((e) => e.type);
    assert.ok(types.indexOf('verifier_chosen') < types.indexOf('baseline') && types.indexOf('baseline') < types.indexOf('step_started'), types.join(' '));
    const chosen = h.events.find((e) => e.type === 'verifier_chosen')!;
    assert.deepEqual(contextLines(chosen), [`verifier: ${b.command} (set in config.yaml)`]);
  });

  it('survives a resume: the stored baseline is shown again and the verifier is not run again for it', async () => {
    const { configPath, runs } = countingConfig();
    const scriptPath = h.script({
      decomposition: [{ text: 'ATOMIC', repeat: true }],
      solver: [{ when: 'fails with:\\n```\\n[\\s\\S]*not ok 1 - add', text: file(h.repo.fixedContent), repeat: true }],
      solution_discriminator: [{ text: 'OPTION: 1', repeat: true }],
    });
    const first = await (await startRun({ prompt: TASK, domain: 'code', provider: 'scripted', repoPath: h.repo.path, configPath, scriptPath, stepByStep: true }, h.deps)).done;
    assert.equal(first.status, 'paused');
    const before = h.store.getSession(first.sessionId)!.metadata.baseline;
    assert.ok(before && !before.passed);
    assert.equal(runs(), 1);
    let out = first;
    for (let i = 0; i < 4 && out.status === 'paused'; i++) out = await (await resumeRun(first.sessionId, { decision: { action: 'approve' } }, h.deps)).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.deepEqual(h.store.getSession(first.sessionId)!.metadata.baseline, before, 'the same record, not a new run');
    assert.ok(h.events.filter((e) => e.type === 'verifier_chosen').length >= 2, 'each run says which verifier it runs');
    assert.equal(h.events.filter((e) => e.type === 'baseline').length, 1);
    assert.equal(runs(), 2, 'one baseline, one step verification');
    assert.equal(readFileSync(join(h.repo.path, 'src/math.js'), 'utf8'), h.repo.fixedContent);
  });

  it('a passing baseline on a repair task is said (event, CLI words); on new work it is not', async () => {
    writeFileSync(join(h.repo.path, 'src/math.js'), h.repo.fixedContent);
    const scriptPath = h.script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: [{ text: file(h.repo.fixedContent), repeat: true }], solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
    const run = async (prompt: string) => {
      h.events.length = 0;
      await (await startRun({ prompt, domain: 'code', provider: 'scripted', repoPath: h.repo.path, scriptPath, allowDirty: true }, h.deps)).done;
      return h.events.find((e): e is Extract<EngineEvent, { type: 'baseline' }> => e.type === 'baseline')!;
    };
    const repair = await run(TASK);
    assert.equal(repair.baseline.passed, true);
    assert.match(repair.note ?? '', /already passes before any change, and the task reads like a repair/);
    assert.deepEqual(contextLines(repair).map((l) => l.replace(/\(\d+\.\ds\)/, '(Ns)')), [
      'baseline: `npm test --silent` passes before any change (Ns)', `note: ${repair.note}`,
    ]);
    const newWork = await run('Add a subtract function to src/math.js with a test');
    assert.equal(newWork.baseline.passed, true);
    assert.equal(newWork.note, undefined);
  });

  it('an untrusted workspace runs no baseline (Workspace Trust), though it says which verifier it would use', async () => {
    const { configPath, runs } = countingConfig();
    const scriptPath = h.script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: [{ text: file(h.repo.fixedContent), repeat: true }], solution_discriminator: [{ text: 'OPTION: 1', repeat: true }] });
    const out = await (await startRun({ prompt: TASK, domain: 'code', provider: 'scripted', repoPath: h.repo.path, configPath, scriptPath }, { ...h.deps, trusted: false })).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(runs(), 0, 'nothing ran');
    assert.equal(h.store.getSession(out.sessionId)!.metadata.baseline, undefined);
    assert.deepEqual(h.events.filter((e) => e.type === 'verifier_chosen' || e.type === 'baseline').map((e) => e.type), ['verifier_chosen']);
  });

  it('the heuristic and the trimming', () => {
    for (const t of ['Fix the off-by-one in range()', 'The add test fails', 'dates before 1970 parse wrong; the update test shows it']) assert.equal(looksLikeNewWork(t), false, t);
    for (const t of ['Add a --json flag', 'Implement retries', 'Fix the parser, then refactor it into two modules', 'We need to support Python 3.13']) assert.equal(looksLikeNewWork(t), true, t);
    assert.equal(trimOutput('short'), 'short');
    const long = `HEAD${'x'.repeat(10_000)}TAIL`;
    const t = trimOutput(long);
    assert.ok(t.startsWith('HEAD') && t.endsWith('TAIL') && t.length < 4200, String(t.length));
    assert.match(t, /… \[\d+ characters cut\] …/);
  });
});
