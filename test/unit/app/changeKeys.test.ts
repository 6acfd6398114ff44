// Code candidates vote on the change they make, not on their words: a `code` run for real
// (scripted models, the shipped templates, a git fixture with a failing `node --test` suite, the
// real workspace and sql.js store). Same edit in other words is one candidate and one judge
// option; a change the verifier failed is excluded in any wording; a no-op is never applied.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AppDeps } from '../../../src/app/api';
import { startRun } from '../../../src/app/session';
import { changeSetKey } from '../../../src/engine/changeKey';
import { CHANGES_NOTHING } from '../../../src/engine/redflags/apply';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeJsFixtureRepo, makeTempDir, type JsFixtureRepo } from '../../support/fixtures';

const TASK = 'Fix the failing add test by correcting src/math.js';
const file = (content: string) => `<file path="src/math.js">\n${content}</file>`;
/** The one-line fix as a SEARCH/REPLACE block, worded and fenced differently from a whole file. */
const srBlock = (from: string, to: string) =>
  `The bug is in \`add\`; this block fixes it:\n\n\`\`\`js\n<file path="src/math.js" lang="js">\n<<<<<<< SEARCH\nfunction add(a, b) {\n  return ${from};\n=======\nfunction add(a, b) {\n  return ${to};\n>>>>>>> REPLACE\n</file>\n\`\`\`\nThat should make the test pass.`;

describe('code run: candidates are their change sets', function () {
  this.timeout(60_000);
  let repo: JsFixtureRepo;
  let tmp: { path: string; cleanup(): void };
  let store: SqlSessionStore;
  let deps: AppDeps;

  beforeEach(async () => {
    repo = makeJsFixtureRepo();
    tmp = makeTempDir('mf-keys-');
    store = await openStore(join(tmp.path, 'home', 'sessions.sqlite3'));
    deps = { store, resourceRoot: REPO_ROOT };
  });

  afterEach(async () => {
    await store.close();
    repo.cleanup();
    tmp.cleanup();
  });

  const run = async (s: object) => {
    const scriptPath = join(tmp.path, 'script.yaml');
    writeFileSync(scriptPath, stringify({ decomposition: [{ text: 'ATOMIC', repeat: true }], ...s }));
    return (await startRun({ prompt: TASK, domain: 'code', provider: 'scripted', scriptPath, repoPath: repo.path }, deps)).done;
  };
  const keyOf = (after: string) => changeSetKey({ applier: 'auto', files: [{ path: 'src/math.js', before: repo.buggyContent, after }], applied: false });

  it('two answers making the same edit in different words are one candidate, and one option for the judge', async () => {
    const out = await run({
      solver: [file(repo.wrongContent), `Here is the corrected file.\n\n${file(repo.fixedContent)}\n\nI changed the minus to a plus.`, srBlock('a - b', 'a + b')],
      // Only a prompt with exactly two options gets a vote: a third option would leave the judge without an answer.
      solution_discriminator: [{ when: '^(?![\\s\\S]*--- Option 3 ---)[\\s\\S]*--- Option 2 ---', text: 'OPTION: 2', repeat: true }],
    });
    assert.equal(out.status, 'completed', JSON.stringify(out));
    assert.equal(readFileSync(join(repo.path, 'src/math.js'), 'utf8'), repo.fixedContent);
    const solver = store.getSamples(out.sessionId, '1').filter((s) => s.role === 'solver');
    assert.deepEqual(solver.map((s) => s.key), [keyOf(repo.wrongContent), keyOf(repo.fixedContent), keyOf(repo.fixedContent)]);
    const step = store.getStep(out.sessionId, '1')!;
    assert.deepEqual(step.metrics.tally?.counts, { [keyOf(repo.fixedContent)]: 2 });
    assert.equal(step.metrics.tally?.winner, keyOf(repo.fixedContent));
  });

  it('after a verifier failure every candidate with the failed change set is excluded, however it is worded', async () => {
    const retry = 'A previous attempt failed verification';
    const out = await run({
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
    const out = await run({
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
