// The answer corpus (test/fixtures/answers/corpus.ts) through the shipped `code` domain's solver
// flaggers (length, syntax, apply) with the real tree-sitter checker and a real workspace: each
// answer plans to its expected change set or gets its expected red flag, answers that make the
// same change share one vote key, and a cut-off answer is refused even when the provider does
// not say it stopped at the token limit.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { getDomain, loadConfig } from '../../../src/config/load';
import type { DomainConfig } from '../../../src/engine/config';
import type { LlmClient } from '../../../src/engine/ports';
import { buildPipeline } from '../../../src/engine/redflags/build';
import type { Draft } from '../../../src/engine/redflags/types';
import { createTreeSitterChecker, type TreeSitterChecker } from '../../../src/workspace/treeSitter';
import { createWorkspace } from '../../../src/workspace/workspace';
import { REPO_ROOT } from '../../support/codeDomain';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';
import { CORPUS, REPO, type CorpusAnswer } from '../../fixtures/answers/corpus';

const noCritic: LlmClient = { complete: () => Promise.reject(new Error('the corpus runs no critic')) };

describe('workspace: the answer corpus', function () {
  this.timeout(60_000);
  let dir: TmpDir;
  let checker: TreeSitterChecker;
  const shipped = getDomain(loadConfig(join(REPO_ROOT, 'config.yaml')), 'code');

  before(() => {
    dir = makeTmpDir('mf-corpus-');
    for (const [path, content] of Object.entries(REPO)) dir.write(path, content);
    checker = createTreeSitterChecker();
  });
  after(async () => {
    await checker.dispose();
    dir.cleanup();
  });

  /** The flags an answer gets, and the draft (its key and planned files when it passes). */
  async function check(a: CorpusAnswer, finish: 'stop' | 'length'): Promise<{ flags: { flagger: string; reason: string }[]; draft: Draft }> {
    const domain: DomainConfig = { ...shipped, applier: a.applier };
    const workspace = await createWorkspace({ repoPath: dir.path, domain, canWrite: false });
    const solver = domain.agents.solver!;
    const pipeline = buildPipeline(domain, solver, { llm: noCritic, defaultProvider: 'scripted', syntax: checker, workspace });
    const draft: Draft = { role: 'solver', text: a.text, finish, tokensOut: Math.ceil(a.text.length / 4), maxTokens: solver.maxTokens, stepDescription: a.step ?? 'Fix the bug' };
    return { flags: await pipeline.run(draft), draft };
  }

  it('covers every kind of answer the issue lists, in all three formats', () => {
    for (const kind of ['whole', 'diff', 'search/replace']) {
      const names = CORPUS.filter((a) => a.name.startsWith(`${kind}:`)).map((a) => a.name).join('\n');
      for (const trait of [/prose/, /fence/, /CRLF/, /attributes/, /(twice|two fences|several blocks)/, /cut off/]) assert.match(names, trait, `${kind} answers: ${trait}`);
    }
  });

  it('each answer plans to its expected change set or gets its expected red flag', async () => {
    const misses: string[] = [];
    const keys = new Map<string, Set<string>>();
    for (const a of CORPUS) {
      const { flags, draft } = await check(a, a.finish ?? 'stop');
      if (a.files) {
        const got = Object.fromEntries((draft.planned ?? []).map((f) => [f.path, f.after]));
        if (flags.length > 0) misses.push(`${a.name}: flagged ${JSON.stringify(flags)}`);
        else if (JSON.stringify(got) !== JSON.stringify(a.files)) misses.push(`${a.name}: planned ${JSON.stringify(got)}`);
        const same = JSON.stringify(a.files);
        keys.set(same, (keys.get(same) ?? new Set()).add(draft.parsed!.key));
      } else if (flags.length !== 1 || flags[0].flagger !== a.flag!.flagger || !a.flag!.reason.test(flags[0].reason)) {
        misses.push(`${a.name}: expected ${a.flag!.flagger} ${a.flag!.reason}, got ${JSON.stringify(flags)}`);
      }
    }
    const expected = CORPUS.length;
    console.log(`      corpus: ${expected - misses.length} of ${expected} answers as expected; ${keys.size} distinct change sets among ${CORPUS.filter((a) => a.files).length} passing answers`);
    // The measurement: every answer of the corpus reads as intended.
    assert.deepEqual(misses, [], `${expected - misses.length} of ${expected} corpus answers as expected`);
    for (const [files, set] of keys) assert.equal(set.size, 1, `answers writing ${files.slice(0, 80)}… share one vote key`);
    assert.ok([...keys.values()].some((s) => s.size === 1) && keys.size < CORPUS.filter((a) => a.files).length, 'several answers share a change');
  });

  it('a cut-off answer is refused by the planner itself when the provider reports no token limit', async () => {
    const cut = CORPUS.filter((a) => a.truncated === true);
    assert.ok(cut.length >= 3);
    for (const a of cut) {
      const { flags } = await check(a, 'stop');
      assert.equal(flags.length, 1, a.name);
      assert.equal(flags[0].flagger, 'apply', a.name);
      assert.match(flags[0].reason, /truncated/, a.name);
    }
  });
});
