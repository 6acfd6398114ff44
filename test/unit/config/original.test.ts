// A config, templates and flaggers in the original tool's format (test/fixtures/original) load
// unchanged, and every prompt they render carries what the original put in {{prompt}}: the
// task or step for decomposition, solving and the critic, the enumerated options for both
// discriminators. Runs the real engine against the local OpenAI-compatible test server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startRun } from '../../../src/app/session';
import { getDomain, loadConfig } from '../../../src/config/load';
import { openStore, type SqlSessionStore } from '../../../src/store';
import { REPO_ROOT } from '../../support/cliRun';
import { LlmServer } from '../../support/llmServer';
import { ORIGINAL_FIXTURE, ORIGINAL_TASK, originalModel, SUBTASKS, type SeenPrompt } from '../../support/originalModel';
import { makeTmpDir, type TmpDir } from '../../support/tmpDir';

describe("config: the original tool's format (test/fixtures/original)", function () {
  this.timeout(60_000);
  const configPath = join(ORIGINAL_FIXTURE, 'config.yaml');

  it('loads unchanged: extract_xml on the syntax flagger, markdown for analysis, an llm_critique template', () => {
    const config = loadConfig(configPath);
    const code = getDomain(config, 'code');
    assert.deepEqual(code.redFlaggers.find((f) => f.type === 'syntax'), { type: 'syntax', language: 'rust', extract_xml: true });
    const critique = code.redFlaggers.find((f) => f.type === 'llm_critique');
    assert.ok(critique?.type === 'llm_critique' && critique.prompt_template.includes('{{candidate}}'));
    assert.deepEqual(getDomain(config, 'analysis').redFlaggers.find((f) => f.type === 'syntax'), { type: 'syntax', language: 'markdown', extract_xml: true });
    assert.match(code.agents.solver!.template, /^\[solve\][\s\S]*\{\{prompt\}\}/);
  });

  describe('a code run renders every prompt with the task or the options', () => {
    let tmp: TmpDir;
    let store: SqlSessionStore;
    let server: LlmServer;
    const seen: SeenPrompt[] = [];

    before(async () => {
      tmp = makeTmpDir('mf-original-');
      store = await openStore(join(tmp.path, 'sessions.sqlite3'));
      server = await LlmServer.start({ answer: originalModel(seen) });
      const run = await startRun(
        { prompt: ORIGINAL_TASK, domain: 'code', configPath, provider: 'openai-compatible', baseUrl: server.baseUrl('openai'), apiKey: 'test-key' },
        { store, resourceRoot: REPO_ROOT },
      );
      const out = await run.done;
      assert.equal(out.status, 'completed', JSON.stringify(out));
    });

    after(async () => {
      await server.close();
      await store.close();
      tmp.cleanup();
    });

    const of = (role: string) => {
      const list = seen.filter((s) => s.role === role);
      assert.ok(list.length > 0, `no ${role} prompt was sent (roles seen: ${[...new Set(seen.map((s) => s.role))].join(', ')})`);
      return list;
    };

    it('decompose: the first step carries the user task', () => {
      for (const s of of('decompose')) assert.ok(s.prompt.includes(ORIGINAL_TASK), s.prompt);
    });

    it('decompose_vote and solution_vote: the candidates as "Option N:\\n<text>"', () => {
      for (const role of ['decompose_vote', 'solution_vote']) {
        for (const s of of(role)) {
          assert.match(s.prompt, /\nOption 1:\n\S[\s\S]*\n\nOption 2:\n\S/, s.prompt);
          assert.doesNotMatch(s.prompt, /Option 3:/);
        }
      }
      assert.ok(of('decompose_vote').every((s) => s.prompt.includes(`Option 1:\n1. ${SUBTASKS[0]}\n2. ${SUBTASKS[1]}`)));
      assert.ok(of('solution_vote').every((s) => /Option 1:\n<file path="src\/(greet|bye)\.rs">/.test(s.prompt)));
    });

    it('solve: the step (a subtask of the decomposition)', () => {
      const solves = of('solve');
      for (const s of solves) assert.ok(SUBTASKS.some((t) => s.prompt.includes(t)), s.prompt);
      for (const t of SUBTASKS) assert.ok(solves.some((s) => s.prompt.includes(t)), `no solve prompt for ${t}`);
    });

    it('critique: the step and the candidate', () => {
      for (const s of of('critique')) {
        assert.ok(SUBTASKS.some((t) => s.prompt.includes(t)), s.prompt);
        assert.match(s.prompt, /Answer:\n<file path="src\/(greet|bye)\.rs">/);
      }
    });

    it('every request came from one of the fixture templates', () => {
      assert.equal(seen.length, server.total);
      for (const s of seen) assert.notEqual(s.role, 'unknown', s.prompt);
    });
  });
});
