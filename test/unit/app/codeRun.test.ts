// A `code` run for real: scripted models, the shipped templates, a temporary git repository
// with a failing `node --test` suite, the real workspace (apply, verify, roll back, commit)
// and the real sql.js store. Candidates are their change sets: the same edit in other words is
// one candidate and one judge option, a change the verifier failed is excluded in any wording,
// and a no-op is never applied.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AppDeps } from '../../../src/app/api';
import { resumeRun, startRun } from '../../../src/app/session';
import { changeSetKey } from '../../../src/engine/changeKey';
import { CHANGES_NOTHING } from '../../../src/engine/redflags/apply';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT, writeCodeConfig } from '../../support/codeDomain';
import { gitIn, makeJsFixtureRepo, makeTempDir, type JsFixtureRepo } from '../../support/fixtures';

const TASK = 'Fix the failing add test by correcting src/math.js';
const file = (content: string) => `<file path="src/math.js">\n${content}</file>`;
/** The one-line fix as a SEARCH/REPLACE block, worded and fenced differently from a whole file. */
const srBlock = (from: string, to: string) =>
  `The bug is in \`add\`; this block fixes it:\n\n\`\`\`js\n<file path="src/math.js" lang="js">\n<<<<<<< SEARCH\nfunction add(a, b) {\n  return ${from};\n=======\nfunction add(a, b) {\n  return ${to};\n>>>>>>> REPLACE\n</file>\n\`\`\`\nThat should make the test pass.`;

describe('code run: apply and verify', function () {
  this.timeout(60_000);
  let repo: JsFixtureRepo;
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  let deps: AppDeps;

  beforeEach(async () => {
    repo = makeJsFixtureRepo();
    tmp = makeTempDir('mf-code-');
    store = await openStore(join(tmp.path, 'home', 'sessions.sqlite3'));
    deps = { store, resourceRoot: REPO_ROOT };
  });

  afterEach(async () => {
    await store.close();
    repo.cleanup();
    tmp.cleanup();
  });

  function script(s: object): string {
    const p = join(tmp.path, 'script.yaml');
    writeFileSync(p, stringify(s));
    return p;
  }

  const run = async (scriptPath: string, extra: object = {}) =>
    (await startRun({ prompt: TASK, domain: 'code', provider: 'scripted', scriptPath, repoPath: repo.path, ...extra }, deps)).done;

  it('decomposes, solves, votes, applies the winning fix, verifies, and commits', async () => {
    const out = await run(
      script({
        decomposition: [{ text: 'ATOMIC', repeat: true }],
        solver: [file(repo.wrongContent), file(repo.fixedContent), file(repo.fixedContent)],
        solution_discriminator: [{ text: 'Option 2 fixes the sign.\nOPTION: 2', repeat: true }],
      }),
      { commit: true },
    );
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    const step = store.getStep(out.sessionId, '1')!;
    assert.equal(step.metrics.verification?.passed, true);
    assert.equal(step.metrics.verification?.exitCode, 0);
    assert.equal(step.changeSet?.applied, true);
    assert.deepEqual(step.changeSet?.files.map((f) => f.path), ['src/math.js']);
    assert.equal(step.metrics.decompositionTally?.winner, 'ATOMIC');
    // The judges named option 2; the tally names it by its candidate key, like the winner.
    // A code candidate's key is the change it makes (its words do not count).
    const fixedKey = keyOf(repo.fixedContent);
    assert.deepEqual(step.metrics.tally?.counts, { [fixedKey]: 2 });
    assert.equal(step.metrics.tally?.winner, fixedKey);
    assert.equal(gitIn(repo.path, ['log', '-1', '--format=%s']).trim(), TASK);
    assert.equal(gitIn(repo.path, ['status', '--porcelain']).trim(), '');
  });

  it('rolls a failing change back byte for byte and pauses (on_verify_fail: pause)', async () => {
    const configPath = writeCodeConfig(tmp.path, (code) => {
      code.on_verify_fail = 'pause';
    });
    const out = await run(script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: [{ text: file(repo.wrongContent), repeat: true }] }), { configPath });
    assert.equal(out.status, 'paused');
    assert.equal(out.waitState?.trigger, 'verify_failed');
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.buggyContent);
    const step = store.getStep(out.sessionId, '1')!;
    assert.equal(step.metrics.verification?.passed, false);
    assert.match(step.metrics.verification!.output, /add/);
    assert.equal(step.changeSet?.rolledBack, true);
    assert.equal(gitIn(repo.path, ['status', '--porcelain']).trim(), '', 'the repository is exactly as before');
  });

  it('retries with the verifier output in the solver prompt (on_verify_fail: retry)', async () => {
    const out = await run(
      script({
        decomposition: [{ text: 'ATOMIC', repeat: true }],
        // Only a prompt that carries the verifier's failure gets the fix: completion proves the feedback arrived.
        solver: [
          { when: 'A previous attempt failed verification[\\s\\S]*(fail|not ok|AssertionError)', text: file(repo.fixedContent), repeat: true },
          { text: file(repo.wrongContent) }, { text: file(repo.wrongContent) }, { text: file(repo.wrongContent) },
        ],
      }),
    );
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    const step = store.getStep(out.sessionId, '1')!;
    assert.equal(step.attempts, 2);
    assert.ok(step.feedback && /add/.test(step.feedback));
  });

  it('copies of a candidate that failed verification are flagged with the verdict, and their pile-up pauses as verify_failed', async () => {
    const out = await run(script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: [{ text: file(repo.wrongContent), repeat: true }] }));
    assert.equal(out.status, 'paused', JSON.stringify(out));
    assert.equal(out.waitState?.trigger, 'verify_failed');
    assert.match(out.waitState!.details, /failed verification/);
    const step = store.getStep(out.sessionId, '1')!;
    assert.equal(step.rejectedKeys, undefined, 'no human acted');
    assert.equal(step.failedKeys?.length, 1);
    const flags = store.getSamples(out.sessionId, '1').flatMap((s) => s.flags);
    assert.ok(flags.length >= 4, `${flags.length} flags`);
    for (const f of flags) assert.deepEqual(f, { flagger: 'verify_failed', reason: 'failed verification: `npm test --silent` exited 1' });
    // The session's totals are its rows' (a paused step counts too).
    const m = store.getSession(out.sessionId)!.metrics;
    assert.deepEqual([m.stepsTotal, m.stepsCompleted, m.samples, m.redFlags], [1, 0, step.metrics.samplesRequested, flags.length]);
  });

  it('a few copies of a failed candidate among other red flags leave the pause named red_flags', async () => {
    const broken = file("'use strict';\nfunction add(a, b) {\n  return (a + b;\n}\n");
    const out = await run(
      script({
        decomposition: [{ text: 'ATOMIC', repeat: true }],
        solver: [file(repo.wrongContent), file(repo.wrongContent), file(repo.wrongContent), file(repo.wrongContent), { text: broken, repeat: true }],
      }),
    );
    assert.equal(out.waitState?.trigger, 'red_flags', JSON.stringify(out));
    const flaggers = store.getSamples(out.sessionId, '1').flatMap((s) => s.flags.map((f) => f.flagger));
    assert.equal(flaggers.filter((f) => f === 'verify_failed').length, 1, flaggers.join());
    assert.ok(flaggers.filter((f) => f === 'syntax').length >= 3, flaggers.join());
  });

  it('red-flags candidates that write outside the repo, into .git, or through a symlink, and writes nothing', async () => {
    const outside = makeTempDir('mf-outside-');
    try {
      symlinkSync(outside.path, join(repo.path, 'link'));
      gitIn(repo.path, ['add', 'link']);
      gitIn(repo.path, ['commit', '-q', '-m', 'link']);
      const gitConfig = readFileSync(join(repo.path, '.git/config'), 'utf8');
      const evil = ['../x.js', '/etc/x.js', '.git/config', 'link/escape.js'].map((p) => `<file path="${p}">\nmodule.exports = 1;\n</file>`);
      const out = await run(script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: evil.map((text, i) => ({ text, repeat: i === evil.length - 1 })) }));
      assert.equal(out.status, 'paused', JSON.stringify(out));
      assert.equal(out.waitState?.trigger, 'red_flags');
      const flags = store.getSamples(out.sessionId, '1').filter((s) => s.role === 'solver').flatMap((s) => s.flags);
      assert.ok(flags.length >= 4, `${flags.length} flags`);
      for (const p of ['../x.js', '/etc/x.js', '.git/config', 'link/escape.js']) {
        assert.ok(store.getSamples(out.sessionId, '1').some((s) => s.text.includes(`"${p}"`) && s.flags.length === 1), `${p} was flagged`);
      }
      assert.ok(flags.every((f) => f.flagger === 'apply'), JSON.stringify(flags));
      assert.equal(existsSync(join(repo.path, '..', 'x.js')), false);
      assert.equal(existsSync('/etc/x.js'), false);
      assert.equal(existsSync(join(outside.path, 'escape.js')), false);
      assert.equal(readFileSync(join(repo.path, '.git/config'), 'utf8'), gitConfig);
      assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.buggyContent);
    } finally {
      outside.cleanup();
    }
  });

  it('patch_file: a unified diff that applies wins; one that does not is red-flagged', async () => {
    const configPath = writeCodeConfig(tmp.path, (code) => {
      code.applier = 'patch_file';
    });
    const good = '```diff\n--- a/src/math.js\n+++ b/src/math.js\n@@ -2,5 +2,5 @@\n // Adds two numbers.\n function add(a, b) {\n-  return a - b;\n+  return a + b;\n }\n \n```\n';
    const bad = '```diff\n--- a/src/math.js\n+++ b/src/math.js\n@@ -2,3 +2,3 @@\n function subtract(a, b) {\n-  return a + b;\n+  return a - b;\n }\n```\n';
    const out = await run(script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: [bad, good, good, good] }), { configPath });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    const flagged = store.getSamples(out.sessionId, '1').filter((s) => s.flags.length > 0);
    assert.equal(flagged.length, 1);
    assert.equal(flagged[0].flags[0].flagger, 'apply');
  });

  it('a resumed run after its own applied steps is not refused as dirty', async () => {
    const configPath = writeCodeConfig(tmp.path, (code) => {
      code.human_thresholds = { red_flags: 0, resamples: 0, low_margin: 0 };
    });
    const first = await run(
      script({ decomposition: [{ text: 'ATOMIC', repeat: true }], solver: [{ text: file(repo.fixedContent), repeat: true }] }),
      { configPath, stepByStep: true },
    );
    assert.equal(first.waitState?.trigger, 'step_by_step');
    writeFileSync(join(repo.path, 'notes.txt'), 'local edit\n');
    let out = first;
    for (let i = 0; i < 5 && out.status === 'paused'; i++) out = await (await resumeRun(first.sessionId, {}, deps)).done;
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
  });

  // Code candidates vote on the change they make, not on their words.
  const runAtomic = (s: object) => run(script({ decomposition: [{ text: 'ATOMIC', repeat: true }], ...s }));
  const keyOf = (after: string) => changeSetKey({ applier: 'auto', files: [{ path: 'src/math.js', before: repo.buggyContent, after }], applied: false });

  it('two answers making the same edit in different words are one candidate, and one option for the judge', async () => {
    const out = await runAtomic({
      solver: [file(repo.wrongContent), `Here is the corrected file.\n\n${file(repo.fixedContent)}\n\nI changed the minus to a plus.`, srBlock('a - b', 'a + b')],
      // Only a prompt with exactly two options gets a vote (a third option would leave the judge without an
      // answer), and the judge names the option that adds, wherever the draws' timing put it.
      solution_discriminator: [
        { when: '^(?![\\s\\S]*--- Option 3 ---)[\\s\\S]*--- Option 1 ---(?:(?!--- Option 2 ---)[\\s\\S])*a \\+ b[\\s\\S]*--- Option 2 ---', text: 'OPTION: 1', repeat: true },
        { when: '^(?![\\s\\S]*--- Option 3 ---)[\\s\\S]*--- Option 2 ---', text: 'OPTION: 2', repeat: true },
      ],
    });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    const solver = store.getSamples(out.sessionId, '1').filter((s) => s.role === 'solver');
    assert.deepEqual(solver.map((s) => s.key).sort(), [keyOf(repo.wrongContent), keyOf(repo.fixedContent), keyOf(repo.fixedContent)].sort());
    const step = store.getStep(out.sessionId, '1')!;
    assert.deepEqual(step.metrics.tally?.counts, { [keyOf(repo.fixedContent)]: 2 });
    assert.equal(step.metrics.tally?.winner, keyOf(repo.fixedContent));
  });

  it('after a verifier failure every candidate with the failed change set is excluded, however it is worded', async () => {
    const retry = 'A previous attempt failed verification';
    const out = await runAtomic({
      solver: [
        { when: retry, text: srBlock('a - b', 'a * b') },
        { when: retry, text: `Looking again, I believe this is right:\n${file(repo.wrongContent)}` },
        { when: retry, text: file(repo.fixedContent), repeat: true },
        file(repo.wrongContent), file(repo.wrongContent), file(repo.wrongContent),
      ],
    });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    assert.equal(repo.wrongContent.includes('return a * b;'), true, 'the block above words the wrong change');
    const step = store.getStep(out.sessionId, '1')!;
    assert.deepEqual(step.failedKeys?.map((f) => f.key), [keyOf(repo.wrongContent)]);
    assert.equal(step.attempts, 2);
    const excluded = store.getSamples(out.sessionId, '1').filter((s) => s.flags.some((f) => f.flagger === 'verify_failed'));
    assert.equal(excluded.length, 2);
    assert.ok(excluded.some((s) => s.text.includes('<<<<<<< SEARCH')), 'the SEARCH/REPLACE wording of the failed change');
    assert.ok(excluded.some((s) => s.text.startsWith('Looking again')), 'the same whole file with other prose');
  });

  it('a candidate that changes nothing is red-flagged, never applied or verified', async () => {
    const out = await runAtomic({
      solver: [`I checked the code and it is already correct:\n${file(repo.buggyContent)}`, srBlock('a - b', 'a - b'), { text: file(repo.fixedContent), repeat: true }],
    });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    const flagged = store.getSamples(out.sessionId, '1').filter((s) => s.flags.length > 0);
    assert.equal(flagged.length, 2);
    for (const s of flagged) assert.deepEqual(s.flags, [{ flagger: 'apply', reason: CHANGES_NOTHING }]);
    const step = store.getStep(out.sessionId, '1')!;
    assert.equal(step.attempts, 1, 'the verifier ran once, on the real change');
    assert.equal(step.metrics.verification?.passed, true);
  });
});
